package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerting.Ward.givenABedWith;
import static org.vigil.model.VitalSign.BP_SYS;
import static org.vigil.model.VitalSign.PULSE_RATE;
import static org.vigil.model.VitalSign.RESP_RATE;
import static org.vigil.model.VitalSign.SPO2;
import static org.vigil.model.VitalSign.TEMP;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.news2.Consciousness;
import org.vigil.alerting.news2.News2Parameter;
import org.vigil.alerting.news2.News2Score;
import org.vigil.alerting.profile.News2Rule;

class News2AlarmTest {

    private static Ward givenABedWithNews2Triggers() {
        return givenABedWith(
                new News2Rule("news2-urgent", "NEWS2 urgent", News2Rule.Trigger.URGENT, Duration.ZERO, Priority.MEDIUM, true),
                new News2Rule("news2-emergency", "NEWS2 emergency", News2Rule.Trigger.EMERGENCY, Duration.ZERO, Priority.HIGH, true));
    }

    /** All seven parameters, scoring 0 unless changed. */
    private static Ward withVitals(Ward ward, double rr, double spo2, double sbp, double pulse, double temp) {
        ward.reading(RESP_RATE, rr).reading(SPO2, spo2).reading(BP_SYS, sbp).reading(PULSE_RATE, pulse)
                .reading(TEMP, temp);
        return ward;
    }

    @Test
    void score_is_computed_live_from_the_latest_values() {
        Ward ward = givenABedWithNews2Triggers();
        ward.bed.assessment(Consciousness.ALERT, false, "dr.lee", ward.now);

        withVitals(ward, 22, 95, 105, 95, 37.0);

        News2Score score = ward.bed.news2(ward.now);
        assertThat(score.complete()).isTrue();
        assertThat(score.total()).isEqualTo(2 + 1 + 1 + 1);
    }

    @Test
    void a_stale_parameter_leaves_the_score_incomplete() {
        Ward ward = givenABedWithNews2Triggers();
        ward.bed.assessment(Consciousness.ALERT, false, "dr.lee", ward.now);
        withVitals(ward, 16, 97, 120, 70, 37.0);

        ward.after(Duration.ofMinutes(2).plusSeconds(1));

        News2Score score = ward.bed.news2(ward.now);
        assertThat(score.complete()).isFalse();
        assertThat(score.missing()).containsExactlyInAnyOrder(
                News2Parameter.RESPIRATION_RATE, News2Parameter.SPO2, News2Parameter.PULSE);
        assertThat(score.total()).isZero();
    }

    @Test
    void aggregate_of_five_raises_the_urgent_alarm() {
        Ward ward = givenABedWithNews2Triggers();
        ward.bed.assessment(Consciousness.ALERT, true, "dr.lee", ward.now);

        withVitals(ward, 22, 95, 115, 95, 37.0).after(1);

        Alarm alarm = ward.openAlarm("news2-urgent");
        assertThat(alarm.value()).isEqualTo(6);
        assertThat(alarm.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(alarm.message()).isEqualTo("NEWS2 6 >= 5");
        assertThat(ward.alarm("news2-emergency")).isEmpty();
    }

    @Test
    void a_single_parameter_scoring_three_raises_the_urgent_alarm() {
        Ward ward = givenABedWithNews2Triggers();

        ward.bed.assessment(Consciousness.VOICE, false, "dr.lee", ward.now);

        assertThat(ward.openAlarm("news2-urgent").message()).isEqualTo("NEWS2 3 (a single parameter scores 3), incomplete");
    }

    @Test
    void aggregate_of_seven_raises_the_emergency_alarm_and_latches() {
        Ward ward = givenABedWithNews2Triggers();
        ward.bed.assessment(Consciousness.ALERT, true, "dr.lee", ward.now);
        withVitals(ward, 22, 93, 115, 95, 37.0).after(1);
        assertThat(ward.openAlarm("news2-emergency").priority()).isEqualTo(Priority.HIGH);

        withVitals(ward, 16, 97, 120, 70, 37.0);
        ward.bed.assessment(Consciousness.ALERT, false, "dr.lee", ward.now);

        assertThat(ward.openAlarm("news2-emergency").state()).isEqualTo(AlarmState.LATCHED);
    }

    @Test
    void a_trigger_shorter_than_its_delay_raises_nothing() {
        Ward ward = givenABedWith(new News2Rule("news2-urgent", "NEWS2 urgent", News2Rule.Trigger.URGENT,
                Duration.ofSeconds(30), Priority.MEDIUM, true));

        ward.holds(SPO2, 91, 2).holds(SPO2, 97, 60);
        assertThat(ward.changes).as("a two-second SpO2 artefact").isEmpty();

        ward.holds(SPO2, 91, 32);
        assertThat(ward.alarm("news2-urgent")).isPresent();
    }

    @Test
    void an_incomplete_score_still_triggers_when_what_is_known_already_reaches_the_threshold() {
        Ward ward = givenABedWithNews2Triggers();

        ward.reading(RESP_RATE, 26).reading(PULSE_RATE, 135).reading(SPO2, 93).after(1);

        assertThat(ward.bed.news2(ward.now).complete()).isFalse();
        assertThat(ward.alarm("news2-emergency")).as("3 + 3 + 2 = 8 with parameters missing").isPresent();
    }
}
