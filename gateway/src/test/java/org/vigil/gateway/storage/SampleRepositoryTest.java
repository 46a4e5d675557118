package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

class SampleRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @OnEachDatabase
    void samples_are_written_in_one_batch_and_read_back_in_time_order_with_their_quality(Database database) {
        SampleRepository samples = new SampleRepository(database);
        List<Reading> readings = new ArrayList<>();
        for (int i = 59; i >= 0; i--) readings.add(reading(VitalSign.SPO2, 90 + i % 10, NOW.minusSeconds(60 - i)));
        readings.add(new Reading("ox-1", VitalSign.SPO2, Double.NaN, "%", null, NOW.minusMillis(500), Quality.of(Quality.Flag.SENSOR_OFF)));
        readings.add(reading(VitalSign.PULSE_RATE, 71, NOW.minusSeconds(5)));

        samples.write("bed-1", readings);

        List<Sample> spo2 = samples.samples("bed-1", VitalSign.SPO2, NOW.minusSeconds(3600), NOW);
        assertThat(spo2).hasSize(61);
        assertThat(spo2).extracting(Sample::time).isSorted();
        assertThat(spo2.get(0)).isEqualTo(new Sample(NOW.minusSeconds(60), "bed-1", "ox-1", VitalSign.SPO2, 90, Quality.VALID));
        Sample last = spo2.get(60);
        assertThat(last.value()).isNaN();
        assertThat(last.quality().has(Quality.Flag.SENSOR_OFF)).isTrue();
        assertThat(samples.samples("bed-2", VitalSign.SPO2, NOW.minusSeconds(3600), NOW)).isEmpty();
    }

    @OnEachDatabase
    void samples_of_many_beds_are_written_in_one_batch_each_under_its_own_bed(Database database) {
        SampleRepository samples = new SampleRepository(database);
        Map<String, List<Reading>> byBed = new LinkedHashMap<>();
        for (int bed = 1; bed <= 50; bed++) {
            byBed.put("bed-" + bed, List.of(reading(VitalSign.SPO2, 50 + bed, NOW.minusSeconds(2)), reading(VitalSign.SPO2, 51 + bed, NOW.minusSeconds(1))));
        }

        samples.write(byBed);

        for (int bed = 1; bed <= 50; bed++) {
            assertThat(samples.samples("bed-" + bed, VitalSign.SPO2, NOW.minusSeconds(60), NOW))
                    .extracting(Sample::value).containsExactly(50.0 + bed, 51.0 + bed);
        }
    }

    @OnEachDatabase
    void samples_before_a_cutoff_are_deleted_and_counted(Database database) {
        SampleRepository samples = new SampleRepository(database);
        samples.write("bed-1", List.of(reading(VitalSign.SPO2, 95, NOW.minusSeconds(61)),
                reading(VitalSign.SPO2, 96, NOW.minusSeconds(60)), reading(VitalSign.SPO2, 97, NOW)));

        int deleted = samples.deleteBefore(NOW.minusSeconds(60));

        assertThat(deleted).isEqualTo(1);
        assertThat(samples.samples("bed-1", VitalSign.SPO2, NOW.minusSeconds(3600), NOW.plusSeconds(1)))
                .extracting(Sample::value).containsExactly(96.0, 97.0);
    }

    static Reading reading(VitalSign vital, double value, Instant time) {
        return new Reading("ox-1", vital, value, vital.ucum(), time, time, Quality.VALID);
    }
}
