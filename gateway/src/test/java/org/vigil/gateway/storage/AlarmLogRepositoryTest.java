package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.AlarmChange.Transition;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;

class AlarmLogRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @OnEachDatabase
    void the_log_of_a_bed_since_a_time_comes_back_oldest_first_with_every_field(Database database) {
        AlarmLogRepository log = new AlarmLogRepository(database);
        log.log(alarm(NOW, "a-1", "bed-1", AlarmState.ACTIVE, Transition.RAISED, null));
        log.log(alarm(NOW.plusSeconds(20), "a-1", "bed-1", AlarmState.ACKNOWLEDGED, Transition.ACKNOWLEDGED, "nurse.kim"));
        log.log(alarm(NOW.plusSeconds(30), "a-2", "bed-2", AlarmState.ACTIVE, Transition.RAISED, null));
        AlarmLogEntry technical = new AlarmLogEntry(NOW.plusSeconds(40), "bed-1/lead-off/1", "bed-1", "lead-off",
                Priority.LOW, Category.TECHNICAL, AlarmState.ACTIVE, null, null, NOW.plusSeconds(40), null,
                "Sensor off", Transition.RAISED, false);
        log.log(technical);

        List<AlarmLogEntry> bed1 = log.forBed("bed-1", NOW.plusSeconds(10), 10);

        assertThat(bed1).containsExactly(
                alarm(NOW.plusSeconds(20), "a-1", "bed-1", AlarmState.ACKNOWLEDGED, Transition.ACKNOWLEDGED, "nurse.kim"),
                technical);
        assertThat(log.forBed("bed-1", NOW, 1)).extracting(AlarmLogEntry::time).containsExactly(NOW);
    }

    @OnEachDatabase
    void the_alarms_open_at_shutdown_are_the_latest_entry_of_each_alarm_that_has_not_ended(Database database) {
        AlarmLogRepository log = new AlarmLogRepository(database);
        log.log(alarm(NOW, "a-1", "bed-1", AlarmState.ACTIVE, Transition.RAISED, null));
        log.log(alarm(NOW.plusSeconds(20), "a-1", "bed-1", AlarmState.LATCHED, Transition.LATCHED, null));
        log.log(alarm(NOW.plusSeconds(25), "a-2", "bed-2", AlarmState.ACTIVE, Transition.RAISED, null));
        log.log(alarm(NOW.plusSeconds(30), "a-2", "bed-2", AlarmState.ENDED, Transition.ENDED, null));
        log.log(alarm(NOW.plusSeconds(35), "a-3", "bed-1", AlarmState.ACKNOWLEDGED, Transition.ACKNOWLEDGED, "nurse.kim"));

        assertThat(log.unended()).extracting(AlarmLogEntry::alarmId, AlarmLogEntry::state)
                .containsExactly(tuple("a-1", AlarmState.LATCHED), tuple("a-3", AlarmState.ACKNOWLEDGED));
    }

    @Test
    void an_entry_of_a_gateway_whose_lease_was_taken_is_not_logged_and_one_of_the_holder_is() throws Exception {
        try (TestDatabase postgres = TestDatabase.postgresOnly()) {
            Database database = postgres.open();
            LeaseRepository leases = new LeaseRepository(database);
            long oldEpoch = leases.takeIfExpired("a", "http://a", Duration.ofMinutes(1)).orElseThrow().epoch();
            leases.release("a", oldEpoch);
            long newEpoch = leases.takeIfExpired("b", "http://b", Duration.ofMinutes(1)).orElseThrow().epoch();

            new AlarmLogRepository(database, () -> OptionalLong.of(oldEpoch))
                    .log(alarm(NOW, "a-1", "bed-1", AlarmState.ACTIVE, Transition.RAISED, null));
            new AlarmLogRepository(database, () -> OptionalLong.of(newEpoch))
                    .log(alarm(NOW, "a-2", "bed-1", AlarmState.ACTIVE, Transition.RAISED, null));

            assertThat(new AlarmLogRepository(database).forBed("bed-1", NOW.minusSeconds(1), 10))
                    .extracting(AlarmLogEntry::alarmId).containsExactly("a-2");
        }
    }

    @OnEachDatabase
    void entries_logged_before_the_typed_columns_keep_their_limit_and_raise_time(TestDatabase testDatabase) throws Exception {
        givenTheSchemaBeforeTypedAlarmColumns(testDatabase);
        try (Connection connection = testDatabase.connect()) {
            givenAnOldEntry(connection, NOW, "bed-1/spo2-low/1772445590000", "ACTIVE", 84.0, "limit 90", "RAISED");
            givenAnOldEntry(connection, NOW.plusSeconds(5), "bed-1/spo2-low/1772445590000", "ACKNOWLEDGED", 85.0, "limit 90.5", "ACKNOWLEDGED");
            givenAnOldEntry(connection, NOW.plusSeconds(9), "gateway/odd-id", "ACTIVE", null, null, null);
            givenAnOldEntry(connection, NOW.plusSeconds(12), "gateway/odd-id", "ENDED", null, "limits unknown", "ENDED");
        }

        Database database = testDatabase.open();

        AlarmLogRepository log = new AlarmLogRepository(database);
        assertThat(log.forBed("bed-1", Instant.EPOCH, 10)).extracting(AlarmLogEntry::limit, AlarmLogEntry::raisedAt)
                .containsExactly(tuple(90.0, Instant.ofEpochMilli(1772445590000L)), tuple(90.5, Instant.ofEpochMilli(1772445590000L)));
        assertThat(log.forBed("gateway", Instant.EPOCH, 10)).extracting(AlarmLogEntry::limit, AlarmLogEntry::raisedAt,
                AlarmLogEntry::transition).containsExactly(tuple(null, NOW.plusSeconds(9), null),
                tuple(null, NOW.plusSeconds(9), Transition.ENDED));
    }

    private static void givenTheSchemaBeforeTypedAlarmColumns(TestDatabase database) {
        StorageConfig config = database.config();
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration").target("2").load().migrate();
    }

    private static void givenAnOldEntry(Connection connection, Instant time, String alarmId, String state, Double value,
                                        String limits, String transition) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO alarm_log (logged_at, alarm_id, bed_id, rule, priority, category, state, alarm_value, limits,"
                        + " message, transition, escalated) VALUES (?, ?, ?, 'spo2-low', 'HIGH', 'PHYSIOLOGICAL', ?, ?, ?, 'm', ?, FALSE)")) {
            insert.setObject(1, time.atOffset(ZoneOffset.UTC));
            insert.setString(2, alarmId);
            insert.setString(3, alarmId.substring(0, alarmId.indexOf('/')));
            insert.setString(4, state);
            Sql.setDouble(insert, 5, value);
            insert.setString(6, limits);
            insert.setString(7, transition);
            insert.executeUpdate();
        }
    }

    private static AlarmLogEntry alarm(Instant time, String id, String bed, AlarmState state, Transition transition, String user) {
        return new AlarmLogEntry(time, id, bed, "spo2-low", Priority.HIGH, Category.PHYSIOLOGICAL, state, 84.0, 90.0,
                NOW, user, "SpO2 84 below 90", transition, false);
    }
}
