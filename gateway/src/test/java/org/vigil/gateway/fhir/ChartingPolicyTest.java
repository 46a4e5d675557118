package org.vigil.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

class ChartingPolicyTest {

    private static final Instant MINUTE = Instant.parse("2026-03-02T09:00:00Z");

    private final ChartingPolicy policy = new ChartingPolicy();

    @Test
    void a_minute_of_1_hz_readings_is_charted_once_with_the_median_when_the_next_minute_starts() {
        List<Chartable> charted = new ArrayList<>();
        double[] values = {97, 96, 98, 80, 97, 99};
        for (int second = 0; second < 60; second++) {
            charted.addAll(policy.onReading(spo2(values[second % values.length], MINUTE.plusSeconds(second))));
        }
        assertThat(charted).isEmpty();

        List<Chartable> next = policy.onReading(spo2(95, MINUTE.plusSeconds(60)));

        assertThat(next).hasSize(1);
        Chartable.Single single = (Chartable.Single) next.get(0);
        assertThat(single.reason()).isEqualTo(Chartable.Reason.INTERVAL);
        assertThat(single.reading().value()).isEqualTo(97);
        assertThat(single.reading().effectiveTime()).isBetween(MINUTE, MINUTE.plusSeconds(59));
    }

    @Test
    void each_vital_and_device_has_its_own_interval() {
        policy.onReading(spo2(97, MINUTE));
        policy.onReading(reading("ox-1", VitalSign.PULSE_RATE, 70, MINUTE));
        policy.onReading(reading("ox-2", VitalSign.SPO2, 91, MINUTE));

        List<Chartable> charted = policy.flush(MINUTE.plusSeconds(60));

        assertThat(charted).extracting(c -> ((Chartable.Single) c).reading().deviceId() + "/" + ((Chartable.Single) c).reading().vital())
                .containsExactlyInAnyOrder("ox-1/SPO2", "ox-1/PULSE_RATE", "ox-2/SPO2");
    }

    @Test
    void the_interval_is_configurable() {
        ChartingPolicy everyFifteenSeconds = new ChartingPolicy(Duration.ofSeconds(15), ChartingPolicy.DEFAULT_NIBP_ASSEMBLY);
        List<Chartable> charted = new ArrayList<>();
        for (int second = 0; second <= 60; second++) charted.addAll(everyFifteenSeconds.onReading(spo2(97, MINUTE.plusSeconds(second))));

        assertThat(charted).hasSize(4);
    }

    @Test
    void flushing_charts_an_interval_whose_stream_stopped_but_not_one_still_running() {
        policy.onReading(spo2(97, MINUTE.plusSeconds(10)));

        assertThat(policy.flush(MINUTE.plusSeconds(59))).isEmpty();
        assertThat(policy.flush(MINUTE.plusSeconds(60))).hasSize(1);
        assertThat(policy.flush(MINUTE.plusSeconds(120))).isEmpty();
    }

    @Test
    void a_backlog_of_an_interval_that_has_ended_is_charted_once_when_it_stops_coming() {
        // a bridge replays ten minutes after an outage: each reading's time is long past when it arrives
        Instant arrival = MINUTE.plus(Duration.ofMinutes(10));
        List<Chartable> charted = new ArrayList<>();
        for (int second = 0; second < 60; second++) {
            Instant received = arrival.plusMillis(100L * second);
            charted.addAll(policy.onReading(new Reading("ox-1", VitalSign.SPO2, 90 + second % 10, "%", MINUTE.plusSeconds(second), received, Quality.VALID)));
            charted.addAll(policy.flush(received));
        }
        assertThat(charted).isEmpty();

        Instant lastReceived = arrival.plusMillis(100L * 59);
        assertThat(policy.flush(lastReceived.plus(ChartingPolicy.QUIET).minusMillis(1))).isEmpty();
        List<Chartable> closed = policy.flush(lastReceived.plus(ChartingPolicy.QUIET));
        assertThat(closed).hasSize(1);
        assertThat(((Chartable.Single) closed.get(0)).reading().value()).isEqualTo(94);

        Instant late = lastReceived.plusSeconds(30);
        assertThat(policy.onReading(new Reading("ox-1", VitalSign.SPO2, 70, "%", MINUTE.plusSeconds(59), late, Quality.VALID))).isEmpty();
        assertThat(policy.flush(late.plusSeconds(60))).as("a late reading of an interval already charted").isEmpty();
        assertThat(policy.onReading(new Reading("ox-1", VitalSign.SPO2, 97, "%", MINUTE.plusSeconds(60), late, Quality.VALID))).isEmpty();
        assertThat(policy.flush(late.plusSeconds(60))).as("the next interval").hasSize(1);
    }

    @Test
    void unusable_readings_do_not_pull_the_median_and_an_all_unusable_interval_is_charted_as_data_absent() {
        policy.onReading(spo2(97, MINUTE));
        policy.onReading(new Reading("ox-1", VitalSign.SPO2, 0, "%", MINUTE.plusSeconds(1), MINUTE.plusSeconds(1), Quality.of(Quality.Flag.ARTIFACT)));
        Chartable.Single mixed = (Chartable.Single) policy.flush(MINUTE.plusSeconds(60)).get(0);

        policy.onReading(new Reading("ox-1", VitalSign.SPO2, Double.NaN, "%", MINUTE.plusSeconds(61), MINUTE.plusSeconds(61), Quality.of(Quality.Flag.SENSOR_OFF)));
        Chartable.Single absent = (Chartable.Single) policy.flush(MINUTE.plusSeconds(120)).get(0);

        assertThat(mixed.reading().value()).isEqualTo(97);
        assertThat(absent.reading().isUsable()).isFalse();
    }

    @Test
    void every_nibp_measurement_is_charted_as_one_panel_as_soon_as_its_three_values_arrived() {
        Instant measured = MINUTE.plusSeconds(12);

        assertThat(policy.onReading(reading("nibp-1", VitalSign.BP_SYS, 128, measured))).isEmpty();
        assertThat(policy.onReading(reading("nibp-1", VitalSign.BP_DIA, 82, measured))).isEmpty();
        List<Chartable> charted = policy.onReading(reading("nibp-1", VitalSign.BP_MEAN, 97, measured));

        assertThat(charted).hasSize(1);
        Chartable.BloodPressure panel = (Chartable.BloodPressure) charted.get(0);
        assertThat(List.of(panel.systolic().value(), panel.diastolic().value(), panel.mean().value())).containsExactly(128.0, 82.0, 97.0);
        assertThat(policy.onReading(reading("nibp-1", VitalSign.BP_SYS, 130, measured.plusSeconds(300)))).isEmpty();
    }

    @Test
    void an_nibp_measurement_without_a_mean_is_charted_after_the_assembly_time() {
        Instant measured = MINUTE.plusSeconds(12);
        policy.onReading(reading("nibp-1", VitalSign.BP_SYS, 128, measured));
        policy.onReading(reading("nibp-1", VitalSign.BP_DIA, 82, measured));

        assertThat(policy.flush(measured.plusSeconds(4))).isEmpty();
        List<Chartable> charted = policy.flush(measured.plus(ChartingPolicy.DEFAULT_NIBP_ASSEMBLY));

        assertThat(charted).singleElement().isInstanceOfSatisfying(Chartable.BloodPressure.class, bp -> assertThat(bp.mean()).isNull());
    }

    @Test
    void the_reading_that_triggered_an_alarm_is_charted_at_once() {
        Reading desaturation = spo2(84, MINUTE.plusSeconds(33));

        List<Chartable> charted = policy.onAlarm(desaturation);

        assertThat(charted).containsExactly(new Chartable.Single(desaturation, Chartable.Reason.ALARM));
        assertThat(policy.onAlarm(reading("nibp-1", VitalSign.BP_SYS, 190, MINUTE))).isEmpty();
    }

    private static Reading spo2(double value, Instant time) {
        return reading("ox-1", VitalSign.SPO2, value, time);
    }

    private static Reading reading(String device, VitalSign vital, double value, Instant time) {
        return new Reading(device, vital, value, vital.ucum(), time, time, Quality.VALID);
    }
}
