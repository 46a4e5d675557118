package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.gateway.storage.SampleRepositoryTest.reading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.vigil.gateway.fhir.ObservationFactory;
import org.vigil.gateway.fhir.PatientFactory;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.VitalSign;

class FhirResourceRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private final ObservationFactory observations = new ObservationFactory();

    @OnEachDatabase
    void an_observation_is_stored_and_queued_for_export_once_however_often_it_is_saved(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        Occupancy occupancy = givenAnOccupiedBed(storage, "bed-1");
        Observation observation = observations.vital(reading(VitalSign.SPO2, 97, NOW), occupancy.id(), VitalLimits.NONE);

        boolean first = storage.resources().saveObservation(observation);
        boolean again = storage.resources().saveObservation(observation);

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(storage.resources().observation(observation.getIdElement().getIdPart())).get().asString().contains("\"2708-6\"");
        assertThat(storage.outbox().pending(100)).extracting(OutboxEntry::resourceType).containsExactly("Patient", "Observation");
    }

    @OnEachDatabase
    void a_batch_of_observations_is_stored_and_queued_in_order_skipping_those_already_stored_or_repeated(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        Occupancy occupancy = givenAnOccupiedBed(storage, "bed-1");
        Observation earlier = observations.vital(reading(VitalSign.SPO2, 97, NOW), occupancy.id(), VitalLimits.NONE);
        Observation pulse = observations.vital(reading(VitalSign.PULSE_RATE, 70, NOW), occupancy.id(), VitalLimits.NONE);
        Observation later = observations.vital(reading(VitalSign.SPO2, 96, NOW.plusSeconds(60)), occupancy.id(), VitalLimits.NONE);
        storage.resources().saveObservation(earlier);

        List<Boolean> stored = storage.resources().saveObservations(List.of(pulse, earlier, later, pulse));

        assertThat(stored).containsExactly(true, false, true, false);
        assertThat(storage.outbox().pending(100)).extracting(OutboxEntry::resourceId).containsExactly(occupancy.id(),
                earlier.getIdElement().getIdPart(), pulse.getIdElement().getIdPart(), later.getIdElement().getIdPart());
        assertThat(storage.resources().searchObservations(new ObservationQuery(occupancy.patientReference(), null, "8867-4", null, null, 0, 10))
                .items()).hasSize(1);
    }

    @OnEachDatabase
    void a_batch_with_one_observation_the_database_refuses_stores_and_queues_none_of_them(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        Occupancy occupancy = givenAnOccupiedBed(storage, "bed-1");
        Observation good = observations.vital(reading(VitalSign.SPO2, 97, NOW), occupancy.id(), VitalLimits.NONE);
        Observation refused = observations.vital(reading(VitalSign.PULSE_RATE, 70, NOW), occupancy.id(), VitalLimits.NONE);
        refused.getIdentifierFirstRep().setValue("x".repeat(300));

        assertThatThrownBy(() -> storage.resources().saveObservations(List.of(good, refused)))
                .isInstanceOf(StorageException.class).hasMessageContaining("cannot save observations");

        assertThat(storage.resources().observation(good.getIdElement().getIdPart())).isEmpty();
        assertThat(storage.outbox().pending(100)).extracting(OutboxEntry::resourceType).containsExactly("Patient");
    }

    @OnEachDatabase
    void new_devices_are_stored_in_one_batch_and_a_device_already_stored_is_left_as_it_is(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        FhirResourceRepository resources = storage.resources();
        resources.saveDevice("ox-1", observations.device("ox-1", new DeviceIdentity("Nonin", "7500", "SN-1")));

        int added = resources.saveNewDevices(new java.util.LinkedHashMap<>(java.util.Map.of(
                "ox-1", observations.device("ox-1", null), "ox-2", observations.device("ox-2", null))));

        assertThat(added).isEqualTo(1);
        assertThat(resources.device("dev-ox-1")).get().asString().contains("SN-1");
        assertThat(resources.findDevices("urn:vigil:device", "ox-2")).hasSize(1);
        assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::resourceId).containsExactly("dev-ox-1", "dev-ox-2");
    }

    @OnEachDatabase
    void observations_are_found_by_subject_by_loinc_or_mdc_code_and_by_date_range_a_page_at_a_time(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        FhirResourceRepository resources = storage.resources();
        Occupancy bed1 = givenAnOccupiedBed(storage, "bed-1");
        Occupancy bed2 = givenAnOccupiedBed(storage, "bed-2");
        for (int minute = 0; minute < 5; minute++) {
            resources.saveObservation(observations.vital(reading(VitalSign.SPO2, 95, NOW.plusSeconds(60L * minute)), bed1.id(), VitalLimits.NONE));
            resources.saveObservation(observations.vital(reading(VitalSign.PULSE_RATE, 70, NOW.plusSeconds(60L * minute)), bed1.id(), VitalLimits.NONE));
        }
        resources.saveObservation(observations.vital(reading(VitalSign.SPO2, 99, NOW), bed2.id(), VitalLimits.NONE));

        Page<String> firstPage = resources.searchObservations(new ObservationQuery(bed1.patientReference(), "http://loinc.org", "2708-6", null, null, 0, 3));
        Page<String> secondPage = resources.searchObservations(new ObservationQuery(bed1.patientReference(), "http://loinc.org", "2708-6", null, null, 3, 3));
        Page<String> byMdc = resources.searchObservations(new ObservationQuery(bed1.patientReference(), "urn:iso:std:iso:11073:10101", "149530", null, null, 0, 50));
        Page<String> inRange = resources.searchObservations(new ObservationQuery(bed1.patientReference(), null, "2708-6",
                NOW.plusSeconds(60), NOW.plusSeconds(180), 0, 50));

        assertThat(firstPage.items()).hasSize(3);
        assertThat(firstPage.hasMore()).isTrue();
        assertThat(secondPage.items()).hasSize(2);
        assertThat(secondPage.hasMore()).isFalse();
        assertThat(byMdc.items()).hasSize(5).allSatisfy(json -> assertThat(json).contains("8867-4"));
        assertThat(inRange.items()).hasSize(3);
        assertThat(inRange.items().get(0)).contains("10:01:00");
    }

    @OnEachDatabase
    void a_device_is_stored_once_and_queued_again_only_when_it_changes(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        FhirResourceRepository resources = storage.resources();

        boolean created = resources.saveDevice("ox-1", observations.device("ox-1", null));
        boolean unchanged = resources.saveDevice("ox-1", observations.device("ox-1", null));
        boolean identified = resources.saveDevice("ox-1", observations.device("ox-1", new DeviceIdentity("Nonin", "7500", "SN-1")));

        assertThat(created).isTrue();
        assertThat(unchanged).isFalse();
        assertThat(identified).isTrue();
        assertThat(resources.device("dev-ox-1")).get().asString().contains("SN-1");
        assertThat(resources.findDevices("urn:vigil:device", "ox-1")).hasSize(1);
        assertThat(resources.findDevices(null, "ox-1")).hasSize(1);
        assertThat(resources.findDevices("urn:vigil:device", "ox-2")).isEmpty();
        assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::resourceType).containsExactly("Device", "Device");
    }

    @OnEachDatabase
    void a_placeholder_patient_is_read_by_id_and_found_by_its_occupancy_identifier(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        Occupancy occupancy = givenAnOccupiedBed(storage, "bed-1");

        assertThat(storage.resources().patient(occupancy.id())).get().asString().contains(occupancy.id());
        assertThat(storage.resources().findPatients("urn:vigil:occupancy", occupancy.id())).hasSize(1);
        assertThat(storage.resources().findPatients(null, "nobody")).isEmpty();
    }

    @OnEachDatabase
    void an_observation_stored_with_every_coding_in_observation_codes_is_found_by_each_after_the_upgrade(TestDatabase testDatabase)
            throws Exception {
        Observation spo2 = observations.vital(reading(VitalSign.SPO2, 97, NOW), "occ-1", VitalLimits.NONE);
        givenAnObservationStoredBeforeItsFirstCodingMovedToTheRow(testDatabase, spo2);

        Database database = testDatabase.open();
        FhirResourceRepository resources = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC)).resources();

        for (Coding coding : spo2.getCode().getCoding()) {
            assertThat(resources.searchObservations(new ObservationQuery(null, coding.getSystem(), coding.getCode(), null, null, 0, 10))
                    .items()).as("found by %s|%s", coding.getSystem(), coding.getCode()).hasSize(1);
        }
        assertThat(resources.searchObservations(new ObservationQuery(null, null, "8867-4", null, null, 0, 10)).items()).isEmpty();
        assertThat(resources.saveObservation(spo2)).as("stored again").isFalse();
        try (Connection connection = testDatabase.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM observation_codes")) {
            rows.next();
            assertThat(rows.getInt(1)).as("codings kept beside the row's").isEqualTo(spo2.getCode().getCoding().size() - 1);
        }
    }

    /** As the schema up to version 11 stored it: every coding in observation_codes, the first in the row as well. */
    private static void givenAnObservationStoredBeforeItsFirstCodingMovedToTheRow(TestDatabase database, Observation observation)
            throws Exception {
        StorageConfig config = database.config();
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration").target("11").load().migrate();
        String id = observation.getIdElement().getIdPart();
        Coding first = observation.getCode().getCodingFirstRep();
        try (Connection connection = database.connect();
             PreparedStatement row = connection.prepareStatement("INSERT INTO observations (id, identifier_system, identifier_value,"
                     + " subject, code_system, code, effective_time, resource_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement codes = connection.prepareStatement(
                     "INSERT INTO observation_codes (observation_id, code_system, code) VALUES (?, ?, ?)")) {
            row.setString(1, id);
            row.setString(2, observation.getIdentifierFirstRep().getSystem());
            row.setString(3, observation.getIdentifierFirstRep().getValue());
            row.setString(4, observation.getSubject().getReference());
            row.setString(5, first.getSystem());
            row.setString(6, first.getCode());
            row.setObject(7, NOW.atOffset(ZoneOffset.UTC));
            row.setString(8, "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\"}");
            row.executeUpdate();
            for (Coding coding : observation.getCode().getCoding()) {
                codes.setString(1, id);
                codes.setString(2, coding.getSystem());
                codes.setString(3, coding.getCode());
                codes.executeUpdate();
            }
        }
    }

    static Occupancy givenAnOccupiedBed(TestRepositories storage, String bedId) {
        String id = "occ-" + bedId + "-" + System.nanoTime();
        return storage.occupancies().start(bedId, new PatientFactory().placeholder(id), NOW);
    }
}
