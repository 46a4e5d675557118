package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.gateway.storage.SampleRepositoryTest.reading;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

    static Occupancy givenAnOccupiedBed(TestRepositories storage, String bedId) {
        String id = "occ-" + bedId + "-" + System.nanoTime();
        return storage.occupancies().start(bedId, new PatientFactory().placeholder(id), NOW);
    }
}
