package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
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

    @OnEachDatabase
    void readings_across_minutes_and_devices_come_back_as_written_whatever_block_holds_them(Database database) {
        SampleRepository samples = new SampleRepository(database);
        List<Reading> first = new ArrayList<>();
        for (int i = 0; i < 150; i++) first.add(reading(VitalSign.SPO2, 80 + i % 20, NOW.plusMillis(500L * i)));
        first.add(new Reading("ox-2", VitalSign.SPO2, 99, "%", null, NOW.plusSeconds(30), Quality.VALID));
        samples.write("bed-1", first);
        samples.write("bed-1", List.of(reading(VitalSign.SPO2, 77, NOW.plusSeconds(30)),
                reading(VitalSign.SPO2, 78, NOW.plusNanos(61_000_123_456L))));

        List<Sample> spo2 = samples.samples("bed-1", VitalSign.SPO2, NOW.plusSeconds(29), NOW.plusSeconds(62));

        assertThat(spo2).extracting(Sample::time).isSorted();
        assertThat(spo2).filteredOn(sample -> sample.time().equals(NOW.plusSeconds(30)))
                .extracting(Sample::deviceId, Sample::value)
                .containsExactly(tuple("ox-1", 80.0), tuple("ox-2", 99.0), tuple("ox-1", 77.0));
        // every half second from 29 s to 61.5 s, the other device's reading, the second write's two
        assertThat(spo2).hasSize(66 + 1 + 2);
        assertThat(samples.samples("bed-1", VitalSign.SPO2, NOW.plusNanos(61_000_123_000L), NOW.plusNanos(61_000_124_000L)))
                .extracting(Sample::value).containsExactly(78.0);
    }

    @OnEachDatabase
    void a_cutoff_inside_a_minute_deletes_only_the_samples_before_it(Database database) {
        SampleRepository samples = new SampleRepository(database);
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 120; i++) readings.add(reading(VitalSign.PULSE_RATE, i, NOW.plusSeconds(i)));
        samples.write("bed-1", readings);

        int deleted = samples.deleteBefore(NOW.plusSeconds(90));

        assertThat(deleted).isEqualTo(90);
        assertThat(samples.samples("bed-1", VitalSign.PULSE_RATE, NOW, NOW.plusSeconds(200)))
                .extracting(Sample::value).first().isEqualTo(90.0);
        assertThat(samples.samples("bed-1", VitalSign.PULSE_RATE, NOW, NOW.plusSeconds(200))).hasSize(30);
        assertThat(samples.deleteBefore(NOW.plusSeconds(90))).isZero();
    }

    @OnEachDatabase
    void samples_stored_one_row_each_before_blocks_are_moved_into_blocks_in_their_order(TestDatabase testDatabase) throws Exception {
        givenTheSchemaBeforeSampleBlocks(testDatabase);
        try (Connection connection = testDatabase.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO samples"
                     + " (sample_time, bed_id, device_id, vital, sample_value, quality) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 130; i++) {
                insert.setObject(1, NOW.plusSeconds(i).atOffset(ZoneOffset.UTC));
                insert.setString(2, "bed-1");
                insert.setString(3, "ox-1");
                insert.setString(4, "SPO2");
                if (i == 7) insert.setNull(5, Types.DOUBLE); else insert.setDouble(5, 90 + i % 10);
                insert.setInt(6, i == 7 ? Quality.of(Quality.Flag.SENSOR_OFF).bits() : 0);
                insert.addBatch();
            }
            insert.executeBatch();
        }

        Database database = testDatabase.open();

        List<Sample> spo2 = new SampleRepository(database).samples("bed-1", VitalSign.SPO2, NOW, NOW.plusSeconds(200));
        assertThat(spo2).hasSize(130);
        assertThat(spo2).extracting(Sample::time).isSorted();
        assertThat(spo2.get(129)).isEqualTo(new Sample(NOW.plusSeconds(129), "bed-1", "ox-1", VitalSign.SPO2, 99, Quality.VALID));
        assertThat(spo2.get(7).value()).isNaN();
        assertThat(spo2.get(7).quality().has(Quality.Flag.SENSOR_OFF)).isTrue();
        try (Connection connection = testDatabase.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(sample_count) FROM sample_blocks")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(3);
            assertThat(rows.getInt(2)).isEqualTo(130);
        }
    }

    private static void givenTheSchemaBeforeSampleBlocks(TestDatabase database) {
        StorageConfig config = database.config();
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration").target("10").load().migrate();
    }

    static Reading reading(VitalSign vital, double value, Instant time) {
        return new Reading("ox-1", vital, value, vital.ucum(), time, time, Quality.VALID);
    }
}
