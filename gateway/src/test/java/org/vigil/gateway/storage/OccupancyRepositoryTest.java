package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.gateway.storage.FhirResourceRepositoryTest.givenAnOccupiedBed;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Patient;
import org.vigil.gateway.fhir.Admission;
import org.vigil.gateway.fhir.PatientFactory;

class OccupancyRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private final PatientFactory patients = new PatientFactory();

    @OnEachDatabase
    void admitting_replaces_the_placeholder_patient_under_the_same_id_and_makes_it_findable_by_mrn(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        Occupancy occupancy = givenAnOccupiedBed(storage, "bed-1");

        storage.occupancies().admit(occupancy.id(), patients.admitted(occupancy.id(),
                new Admission("Okafor", "Ada", "urn:example:mrn", "MRN-1", null)), NOW.plusSeconds(600));

        assertThat(storage.resources().patient(occupancy.id())).get().asString().contains("Okafor");
        assertThat(storage.resources().findPatients("urn:example:mrn", "MRN-1")).hasSize(1);
        assertThat(storage.resources().findPatients("urn:vigil:occupancy", occupancy.id())).hasSize(1);
        assertThat(storage.occupancies().current("bed-1")).get().extracting(Occupancy::admittedAt).isEqualTo(NOW.plusSeconds(600));
        assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::resourceType).containsExactly("Patient", "Patient");
    }

    @OnEachDatabase
    void admitting_to_an_unknown_occupancy_fails_and_queues_nothing(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> storage.occupancies().admit("occ-unknown", patients.admitted("occ-unknown",
                new Admission("Okafor", "Ada", "urn:example:mrn", "MRN-1", null)), NOW))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("no occupancy occ-unknown");
        assertThat(storage.outbox().pending(10)).isEmpty();
    }

    @OnEachDatabase
    void a_new_occupancy_ends_the_previous_one_of_the_same_bed(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        Occupancy first = givenAnOccupiedBed(storage, "bed-1");

        Occupancy second = storage.occupancies().start("bed-1", patients.placeholder("occ-second"), NOW.plusSeconds(3600));

        assertThat(storage.occupancies().current("bed-1")).contains(second);
        assertThat(first.id()).isNotEqualTo(second.id());
        storage.occupancies().end(second.id(), NOW.plusSeconds(7200));
        assertThat(storage.occupancies().current("bed-1")).isEmpty();
    }

    @OnEachDatabase
    void occupancies_of_many_beds_start_in_one_batch_ending_an_open_one_and_queueing_each_patient(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        Occupancy earlier = givenAnOccupiedBed(storage, "bed-1");
        Map<String, Patient> placeholders = new LinkedHashMap<>();
        placeholders.put("bed-1", patients.placeholder("occ-1b"));
        placeholders.put("bed-2", patients.placeholder("occ-2"));
        placeholders.put("bed-3", patients.placeholder("occ-3"));

        List<Occupancy> started = storage.occupancies().startAll(placeholders, NOW.plusSeconds(60));

        assertThat(started).extracting(Occupancy::id).containsExactly("occ-1b", "occ-2", "occ-3");
        assertThat(storage.occupancies().current(List.of("bed-1", "bed-2", "bed-3", "bed-4")))
                .containsOnlyKeys("bed-1", "bed-2", "bed-3")
                .extractingByKey("bed-1").extracting(Occupancy::id).isEqualTo("occ-1b");
        assertThat(storage.occupancies().current(List.of("bed-1")).get("bed-1").id()).isNotEqualTo(earlier.id());
        assertThat(storage.resources().findPatients("urn:vigil:occupancy", "occ-3")).hasSize(1);
        assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::resourceId)
                .containsExactly(earlier.id(), "occ-1b", "occ-2", "occ-3");
    }
}
