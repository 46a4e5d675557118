package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.fhir.Admission;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.fhir.ObservationFactory;
import org.vigil.gateway.fhir.PatientFactory;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

class StorageTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path directory;

    private TestDatabase database;
    private Storage storage;
    private final ObservationFactory observations = new ObservationFactory();
    private final PatientFactory patients = new PatientFactory();

    @BeforeEach
    void openStorage() {
        database = TestDatabase.in(directory);
        storage = Storage.open(database.config(), FhirContextHolder.r4(), CLOCK);
    }

    @AfterEach
    void closeStorage() throws Exception {
        storage.close();
        database.close();
    }

    @Test
    void opening_an_existing_database_again_runs_no_migration_twice() {
        storage.close();

        storage = Storage.open(database.config(), FhirContextHolder.r4(), CLOCK);

        assertThat(storage.outboxBacklog()).isEqualTo(new OutboxBacklog(0, 0, null));
        assertThat(storage.health().isHealthy()).isTrue();
    }

    @Test
    void samples_are_written_in_one_batch_and_read_back_in_time_order_with_their_quality() {
        List<Reading> second = new ArrayList<>();
        for (int i = 59; i >= 0; i--) second.add(reading("ox-1", VitalSign.SPO2, 90 + i % 10, NOW.minusSeconds(60 - i)));
        second.add(new Reading("ox-1", VitalSign.SPO2, Double.NaN, "%", null, NOW.minusMillis(500), Quality.of(Quality.Flag.SENSOR_OFF)));
        second.add(reading("ox-1", VitalSign.PULSE_RATE, 71, NOW.minusSeconds(5)));

        storage.writeSamples("bed-1", second);

        List<Sample> spo2 = storage.samples("bed-1", VitalSign.SPO2, NOW.minusSeconds(3600), NOW);
        assertThat(spo2).hasSize(61);
        assertThat(spo2).extracting(Sample::time).isSorted();
        assertThat(spo2.get(0)).isEqualTo(new Sample(NOW.minusSeconds(60), "bed-1", "ox-1", VitalSign.SPO2, 90, Quality.VALID));
        Sample last = spo2.get(60);
        assertThat(last.value()).isNaN();
        assertThat(last.quality().has(Quality.Flag.SENSOR_OFF)).isTrue();
        assertThat(storage.samples("bed-2", VitalSign.SPO2, NOW.minusSeconds(3600), NOW)).isEmpty();
    }

    @Test
    void retention_deletes_samples_older_than_the_configured_period_and_keeps_the_rest() {
        storage.close();
        storage = Storage.open(database.config().withSampleRetention(Duration.ofDays(7)), FhirContextHolder.r4(), CLOCK);
        storage.writeSamples("bed-1", List.of(
                reading("ox-1", VitalSign.SPO2, 95, NOW.minus(Duration.ofDays(8))),
                reading("ox-1", VitalSign.SPO2, 96, NOW.minus(Duration.ofDays(7)).minusSeconds(1)),
                reading("ox-1", VitalSign.SPO2, 97, NOW.minus(Duration.ofDays(6)))));

        int deleted = storage.applyRetention();

        assertThat(deleted).isEqualTo(2);
        assertThat(storage.samples("bed-1", VitalSign.SPO2, NOW.minus(Duration.ofDays(30)), NOW))
                .extracting(Sample::value).containsExactly(97.0);
    }

    @Test
    void an_observation_is_stored_and_queued_for_export_once_however_often_it_is_saved() {
        Occupancy occupancy = givenAnOccupiedBed("bed-1");
        Observation observation = observations.vital(reading("ox-1", VitalSign.SPO2, 97, NOW), occupancy.id(), VitalLimits.NONE);

        boolean first = storage.saveObservation(observation);
        boolean again = storage.saveObservation(observation);

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(storage.observation(observation.getIdElement().getIdPart())).get().asString().contains("\"2708-6\"");
        assertThat(storage.pendingExports(100)).extracting(OutboxEntry::resourceType).containsExactly("Patient", "Observation");
    }

    @Test
    void observations_are_found_by_subject_by_loinc_or_mdc_code_and_by_date_range_a_page_at_a_time() {
        Occupancy bed1 = givenAnOccupiedBed("bed-1");
        Occupancy bed2 = givenAnOccupiedBed("bed-2");
        for (int minute = 0; minute < 5; minute++) {
            storage.saveObservation(observations.vital(reading("ox-1", VitalSign.SPO2, 95, NOW.plusSeconds(60L * minute)), bed1.id(), VitalLimits.NONE));
            storage.saveObservation(observations.vital(reading("ox-1", VitalSign.PULSE_RATE, 70, NOW.plusSeconds(60L * minute)), bed1.id(), VitalLimits.NONE));
        }
        storage.saveObservation(observations.vital(reading("ox-2", VitalSign.SPO2, 99, NOW), bed2.id(), VitalLimits.NONE));

        Page<String> firstPage = storage.searchObservations(new ObservationQuery(bed1.patientReference(), "http://loinc.org", "2708-6", null, null, 0, 3));
        Page<String> secondPage = storage.searchObservations(new ObservationQuery(bed1.patientReference(), "http://loinc.org", "2708-6", null, null, 3, 3));
        Page<String> byMdc = storage.searchObservations(new ObservationQuery(bed1.patientReference(), "urn:iso:std:iso:11073:10101", "149530", null, null, 0, 50));
        Page<String> inRange = storage.searchObservations(new ObservationQuery(bed1.patientReference(), null, "2708-6",
                NOW.plusSeconds(60), NOW.plusSeconds(180), 0, 50));

        assertThat(firstPage.items()).hasSize(3);
        assertThat(firstPage.hasMore()).isTrue();
        assertThat(secondPage.items()).hasSize(2);
        assertThat(secondPage.hasMore()).isFalse();
        assertThat(byMdc.items()).hasSize(5).allSatisfy(json -> assertThat(json).contains("8867-4"));
        assertThat(inRange.items()).hasSize(3);
        assertThat(inRange.items().get(0)).contains("10:01:00");
    }

    @Test
    void a_device_is_stored_once_and_queued_again_only_when_it_changes() {
        boolean created = storage.saveDevice("ox-1", observations.device("ox-1", null));
        boolean unchanged = storage.saveDevice("ox-1", observations.device("ox-1", null));
        boolean identified = storage.saveDevice("ox-1", observations.device("ox-1", new DeviceIdentity("Nonin", "7500", "SN-1")));

        assertThat(created).isTrue();
        assertThat(unchanged).isFalse();
        assertThat(identified).isTrue();
        assertThat(storage.device("dev-ox-1")).get().asString().contains("SN-1");
        assertThat(storage.findDevices("urn:vigil:device", "ox-1")).hasSize(1);
        assertThat(storage.findDevices(null, "ox-1")).hasSize(1);
        assertThat(storage.findDevices("urn:vigil:device", "ox-2")).isEmpty();
        assertThat(storage.pendingExports(10)).extracting(OutboxEntry::resourceType).containsExactly("Device", "Device");
    }

    @Test
    void admitting_replaces_the_placeholder_patient_under_the_same_id_and_makes_it_findable_by_mrn() {
        Occupancy occupancy = givenAnOccupiedBed("bed-1");

        storage.admit(occupancy.id(), patients.admitted(occupancy.id(),
                new Admission("Okafor", "Ada", "urn:example:mrn", "MRN-1", null)), NOW.plusSeconds(600));

        assertThat(storage.patient(occupancy.id())).get().asString().contains("Okafor");
        assertThat(storage.findPatients("urn:example:mrn", "MRN-1")).hasSize(1);
        assertThat(storage.findPatients("urn:vigil:occupancy", occupancy.id())).hasSize(1);
        assertThat(storage.currentOccupancy("bed-1")).get().extracting(Occupancy::admittedAt).isEqualTo(NOW.plusSeconds(600));
        assertThat(storage.pendingExports(10)).extracting(OutboxEntry::resourceType).containsExactly("Patient", "Patient");
    }

    @Test
    void a_new_occupancy_ends_the_previous_one_of_the_same_bed() {
        Occupancy first = givenAnOccupiedBed("bed-1");

        Occupancy second = storage.startOccupancy("bed-1", patients.placeholder("occ-second"), NOW.plusSeconds(3600));

        assertThat(storage.currentOccupancy("bed-1")).contains(second);
        assertThat(first.id()).isNotEqualTo(second.id());
        storage.endOccupancy(second.id(), NOW.plusSeconds(7200));
        assertThat(storage.currentOccupancy("bed-1")).isEmpty();
    }

    @Test
    void the_export_outbox_keeps_order_counts_attempts_and_parks_refused_entries_with_the_reason() {
        Occupancy occupancy = givenAnOccupiedBed("bed-1");
        storage.saveObservation(observations.vital(reading("ox-1", VitalSign.SPO2, 97, NOW), occupancy.id(), VitalLimits.NONE));
        storage.saveObservation(observations.vital(reading("ox-1", VitalSign.SPO2, 96, NOW.plusSeconds(60)), occupancy.id(), VitalLimits.NONE));
        List<OutboxEntry> pending = storage.pendingExports(10);
        assertThat(pending).extracting(OutboxEntry::seq).isSorted();
        assertThat(storage.outboxBacklog()).isEqualTo(new OutboxBacklog(3, 0, NOW));

        storage.recordExportFailure(List.of(pending.get(0).seq()), "connection refused", NOW.plusSeconds(2));
        storage.markSent(List.of(pending.get(0).seq()));
        storage.park(List.of(pending.get(1).seq()), "HTTP 422: subject not found");

        assertThat(storage.pendingExports(10)).extracting(OutboxEntry::seq).containsExactly(pending.get(2).seq());
        OutboxEntry parked = storage.outboxEntries(OutboxEntry.State.PARKED, 10).get(0);
        assertThat(parked.lastError()).isEqualTo("HTTP 422: subject not found");
        assertThat(parked.attempts()).isEqualTo(1);
        assertThat(storage.outboxEntries(OutboxEntry.State.SENT, 10).get(0).attempts()).isEqualTo(2);
        assertThat(storage.outboxBacklog()).isEqualTo(new OutboxBacklog(1, 1, NOW));
        assertThat(storage.outboxBacklog().oldestAge(NOW.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));

        assertThat(storage.requeueParked()).isEqualTo(1);
        assertThat(storage.outboxBacklog().pending()).isEqualTo(2);
    }

    @Test
    void the_alarm_log_is_queried_by_state_and_by_bed_since_a_time() {
        storage.logAlarm(alarm(NOW, "a-1", "bed-1", "RAISED", null));
        storage.logAlarm(alarm(NOW.plusSeconds(20), "a-1", "bed-1", "ACKNOWLEDGED", "nurse.kim"));
        storage.logAlarm(alarm(NOW.plusSeconds(30), "a-2", "bed-2", "RAISED", null));

        assertThat(storage.alarmsInState("RAISED", 10)).extracting(AlarmLogEntry::alarmId).containsExactly("a-2", "a-1");
        List<AlarmLogEntry> bed1 = storage.alarmsForBed("bed-1", NOW.plusSeconds(10), 10);
        assertThat(bed1).containsExactly(alarm(NOW.plusSeconds(20), "a-1", "bed-1", "ACKNOWLEDGED", "nurse.kim"));
    }

    @Test
    void the_alarms_open_at_shutdown_are_the_latest_entry_of_each_alarm_that_has_not_ended() {
        storage.logAlarm(alarm(NOW, "a-1", "bed-1", "ACTIVE", null));
        storage.logAlarm(alarm(NOW.plusSeconds(20), "a-1", "bed-1", "LATCHED", null));
        storage.logAlarm(alarm(NOW.plusSeconds(25), "a-2", "bed-2", "ACTIVE", null));
        storage.logAlarm(alarm(NOW.plusSeconds(30), "a-2", "bed-2", "ENDED", null));
        storage.logAlarm(alarm(NOW.plusSeconds(35), "a-3", "bed-1", "ACKNOWLEDGED", "nurse.kim"));

        assertThat(storage.unendedAlarms()).extracting(AlarmLogEntry::alarmId, AlarmLogEntry::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a-1", "LATCHED"),
                        org.assertj.core.groups.Tuple.tuple("a-3", "ACKNOWLEDGED"));
    }

    @Test
    void the_audit_log_records_who_did_what_in_order() {
        storage.audit(new AuditEntry(NOW, "dr.ade", "LIMITS_CHANGED", "bed-1", "SpO2 low 90 -> 88"));
        storage.audit(new AuditEntry(NOW.plusSeconds(5), "nurse.kim", "PATIENT_ADMITTED", "bed-1", null));

        assertThat(storage.auditSince(NOW, 10)).containsExactly(
                new AuditEntry(NOW, "dr.ade", "LIMITS_CHANGED", "bed-1", "SpO2 low 90 -> 88"),
                new AuditEntry(NOW.plusSeconds(5), "nurse.kim", "PATIENT_ADMITTED", "bed-1", null));
        assertThat(storage.auditSince(NOW.plusSeconds(1), 10)).hasSize(1);
    }

    @Test
    void everything_written_survives_closing_and_reopening_the_database() {
        Occupancy occupancy = givenAnOccupiedBed("bed-1");
        Observation observation = observations.vital(reading("ox-1", VitalSign.SPO2, 97, NOW), occupancy.id(), VitalLimits.NONE);
        storage.saveObservation(observation);
        storage.writeSamples("bed-1", List.of(reading("ox-1", VitalSign.SPO2, 97, NOW)));
        storage.logAlarm(alarm(NOW, "a-1", "bed-1", "RAISED", null));
        storage.audit(new AuditEntry(NOW, "dr.ade", "LIMITS_CHANGED", "bed-1", null));

        storage.close();
        storage = Storage.open(database.config(), FhirContextHolder.r4(), CLOCK);

        assertThat(storage.observation(observation.getIdElement().getIdPart())).isPresent();
        assertThat(storage.samples("bed-1", VitalSign.SPO2, NOW, NOW.plusSeconds(1))).hasSize(1);
        assertThat(storage.alarmsInState("RAISED", 10)).hasSize(1);
        assertThat(storage.auditSince(NOW, 10)).hasSize(1);
        assertThat(storage.currentOccupancy("bed-1")).contains(occupancy);
        assertThat(storage.outboxBacklog().pending()).isEqualTo(2);
    }

    @Test
    void a_write_that_fails_raises_and_marks_storage_unhealthy_until_a_write_succeeds() throws Exception {
        givenTheSamplesTableIsGone();

        assertThatThrownBy(() -> storage.writeSamples("bed-1", List.of(reading("ox-1", VitalSign.SPO2, 97, NOW))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot write samples");
        assertThat(storage.health().isHealthy()).isFalse();
        assertThat(storage.health().lastFailure()).contains("cannot write samples");

        storage.audit(new AuditEntry(NOW, "dr.ade", "LOGIN", null, null));
        assertThat(storage.health().isHealthy()).isTrue();
        assertThat(storage.health().totalFailures()).isEqualTo(1);
    }

    @Test
    void a_closed_storage_refuses_writes_instead_of_dropping_them() {
        storage.close();

        assertThatThrownBy(() -> storage.audit(new AuditEntry(NOW, "dr.ade", "LOGIN", null, null)))
                .isInstanceOf(StorageException.class);
    }

    private void givenTheSamplesTableIsGone() throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE samples");
        }
    }

    private Occupancy givenAnOccupiedBed(String bedId) {
        String id = "occ-" + bedId + "-" + System.nanoTime();
        return storage.startOccupancy(bedId, patients.placeholder(id), NOW);
    }

    private static AlarmLogEntry alarm(Instant time, String id, String bed, String state, String user) {
        return new AlarmLogEntry(time, id, bed, "SPO2_LOW", "HIGH", "PHYSIOLOGICAL", state, 84.0,
                VitalLimits.of(90, 100).toString(), user, "SpO2 84 below 90", "RAISED", false);
    }

    private static Reading reading(String device, VitalSign vital, double value, Instant time) {
        return new Reading(device, vital, value, vital.ucum(), time, time, Quality.VALID);
    }

}
