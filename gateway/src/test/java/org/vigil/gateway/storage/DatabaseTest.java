package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.vigil.gateway.storage.SampleRepositoryTest.reading;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;
import org.vigil.gateway.fhir.ObservationFactory;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.VitalSign;

class DatabaseTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @OnEachDatabase
    void opening_an_existing_database_again_runs_no_migration_twice(TestDatabase testDatabase) {
        testDatabase.open().close();

        Database database = testDatabase.open();

        assertThat(new OutboxRepository(database, CLOCK).backlog()).isEqualTo(new OutboxBacklog(0, 0, null));
        assertThat(database.health().isHealthy()).isTrue();
    }

    @OnEachDatabase
    void everything_written_survives_closing_and_reopening_the_database(TestDatabase testDatabase) {
        TestRepositories before = TestRepositories.over(testDatabase.open(), CLOCK);
        Occupancy occupancy = FhirResourceRepositoryTest.givenAnOccupiedBed(before, "bed-1");
        Observation observation = new ObservationFactory().vital(reading(VitalSign.SPO2, 97, NOW), occupancy.id(), VitalLimits.NONE);
        before.resources().saveObservation(observation);
        before.samples().write("bed-1", List.of(reading(VitalSign.SPO2, 97, NOW)));
        before.alarmLog().log(new AlarmLogEntry(NOW, "bed-1/spo2-low/1", "bed-1", "spo2-low", Priority.HIGH,
                Category.PHYSIOLOGICAL, AlarmState.ACTIVE, 84.0, 90.0, NOW, null, "SpO2 84", AlarmChange.Transition.RAISED, false));
        before.audit().record(new AuditEntry(NOW, "dr.ade", "LIMITS_CHANGED", "bed-1", null));
        before.database().close();

        TestRepositories after = TestRepositories.over(testDatabase.open(), CLOCK);

        assertThat(after.resources().observation(observation.getIdElement().getIdPart())).isPresent();
        assertThat(after.samples().samples("bed-1", VitalSign.SPO2, NOW, NOW.plusSeconds(1))).hasSize(1);
        assertThat(after.alarmLog().unended()).hasSize(1);
        assertThat(after.audit().since(NOW, 10)).hasSize(1);
        assertThat(after.occupancies().current("bed-1")).contains(occupancy);
        assertThat(after.outbox().backlog().pending()).isEqualTo(2);
    }

    @OnEachDatabase
    void a_write_that_fails_raises_and_marks_storage_unhealthy_until_a_write_succeeds(TestDatabase testDatabase) throws Exception {
        Database database = testDatabase.open();
        givenTheSamplesTableIsGone(testDatabase);

        assertThatThrownBy(() -> new SampleRepository(database).write("bed-1", List.of(reading(VitalSign.SPO2, 97, NOW))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot write samples");
        assertThat(database.health().isHealthy()).isFalse();
        assertThat(database.health().lastFailure()).contains("cannot write samples");

        new AuditRepository(database).record(new AuditEntry(NOW, "dr.ade", "LOGIN", null, null));
        assertThat(database.health().isHealthy()).isTrue();
        assertThat(database.health().totalFailures()).isEqualTo(1);
    }

    @OnEachDatabase
    void a_closed_database_refuses_writes_instead_of_dropping_them(Database database) {
        database.close();

        assertThatThrownBy(() -> new AuditRepository(database).record(new AuditEntry(NOW, "dr.ade", "LOGIN", null, null)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("storage is closed");
        assertThat(database.health().isHealthy()).isFalse();
    }

    @OnEachDatabase
    void after_the_database_dropped_every_connection_operations_succeed_again_by_themselves(TestDatabase testDatabase)
            throws Exception {
        Database database = testDatabase.open();
        AuditRepository audit = new AuditRepository(database);
        audit.record(new AuditEntry(NOW, "dr.ade", "LOGIN", null, null));

        testDatabase.dropEveryConnection();

        await("the pool reconnects").atMost(Database.CONNECTION_TIMEOUT.multipliedBy(3)).ignoreExceptions()
                .untilAsserted(() -> assertThat(audit.since(NOW, 10)).hasSize(1));
        assertThat(database.health().isHealthy()).isTrue();
    }

    @Test
    void a_database_that_cannot_be_reached_fails_to_open_within_seconds_without_showing_the_password() {
        StorageConfig unreachable = StorageConfig.jdbc("jdbc:postgresql://127.0.0.1:1/vigil?password=secret", "vigil", "secret");
        long started = System.nanoTime();

        assertThatThrownBy(() -> Database.open(unreachable, CLOCK))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot open database at jdbc:postgresql://127.0.0.1:1/vigil?password=***")
                .hasMessageNotContaining("secret");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Database.CONNECTION_TIMEOUT.multipliedBy(2));
    }

    @Test
    void the_storage_settings_never_show_the_password() {
        StorageConfig config = StorageConfig.jdbc("jdbc:postgresql://db/vigil?user=vigil&password=secret", "vigil", "secret");

        assertThat(config.toString()).doesNotContain("secret").contains("password=***");
        assertThat(config.redactedUrl()).isEqualTo("jdbc:postgresql://db/vigil?user=vigil&password=***");
    }

    private static void givenTheSamplesTableIsGone(TestDatabase testDatabase) throws Exception {
        try (Connection connection = testDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE sample_blocks");
        }
    }
}
