package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.vigil.gateway.fhir.Admission;
import org.vigil.gateway.sessions.Baseline;
import org.vigil.gateway.sessions.ChairSession;
import org.vigil.gateway.sessions.Dissociation;
import org.vigil.gateway.sessions.Dose;
import org.vigil.gateway.sessions.PatientHistory;
import org.vigil.gateway.sessions.SessionAssessment;
import org.vigil.gateway.sessions.SignOff;

class SessionRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Admission ADA = new Admission("Okafor", "Ada", "urn:example:mrn", "MRN-1", LocalDate.of(1980, 2, 1));

    @OnEachDatabase
    void a_session_is_read_back_whole_with_its_baseline_doses_assessments_schedule_and_sign_off(Database database) {
        SessionRepository sessions = sessionsOver(database);
        sessions.insert(givenASession("s-1", "bed-1", NOW));

        sessions.recordBaseline("s-1", new Baseline(NOW.plusSeconds(60), 97, 72, 128, 81));
        Dose dose = new Dose("esketamine", "nasal", 56, "LOT-42", NOW.plusSeconds(600), "anna");
        assertThat(sessions.addDose("s-1", dose, 1, NOW.plusSeconds(610))).isTrue();
        SessionAssessment assessment = new SessionAssessment(NOW.plusSeconds(1200), "anna", 4, Dissociation.MILD, false, null);
        assertThat(sessions.addAssessment("s-1", assessment)).isTrue();
        sessions.scheduledThrough("s-1", NOW.plusSeconds(3000));
        sessions.scheduledThrough("s-1", NOW.plusSeconds(600));
        assertThat(sessions.readyAt("s-1", NOW.plusSeconds(7800))).isTrue();
        assertThat(sessions.readyAt("s-1", NOW.plusSeconds(7900))).as("the first time stays").isFalse();
        assertThat(sessions.signOff("s-1", new SignOff(NOW.plusSeconds(8000), "ben", "left early"))).isTrue();

        ChairSession read = sessions.find("s-1").orElseThrow();
        assertThat(read.patient()).isEqualTo(ADA);
        assertThat(read.baseline()).isEqualTo(new Baseline(NOW.plusSeconds(60), 97, 72, 128, 81));
        assertThat(read.doses()).containsExactly(dose);
        assertThat(read.assessments()).containsExactly(assessment);
        assertThat(read.bpScheduledThrough()).as("the schedule's progress never goes back").isEqualTo(NOW.plusSeconds(3000));
        assertThat(read.readyAt()).isEqualTo(NOW.plusSeconds(7800));
        assertThat(read.signOff()).isEqualTo(new SignOff(NOW.plusSeconds(8000), "ben", "left early"));
        assertThat(sessions.open()).isEmpty();
    }

    @OnEachDatabase
    void what_the_rems_form_asks_is_read_back_as_recorded_and_unrecorded_stays_unrecorded(Database database) {
        SessionRepository sessions = sessionsOver(database);
        PatientHistory history = new PatientHistory(PatientHistory.Sex.FEMALE, true,
                EnumSet.of(PatientHistory.ConcomitantMedicine.BENZODIAZEPINES, PatientHistory.ConcomitantMedicine.OPIOIDS));
        sessions.insert(new ChairSession("s-1", "bed-1", "occ-1", ADA, NOW, "anna", null, List.of(), List.of(), null, null, null, history));
        sessions.insert(new ChairSession("s-2", "bed-2", "occ-2", ADA, NOW, "anna", null, List.of(), List.of(), null, null, null,
                new PatientHistory(null, false, EnumSet.noneOf(PatientHistory.ConcomitantMedicine.class))));
        sessions.insert(givenASession("s-3", "bed-3", NOW));
        Dose acceptable = new Dose("esketamine", "nasal", 56, "LOT-42", NOW.plusSeconds(600), "anna", true);
        Dose unasked = new Dose("esketamine", "nasal", 28, "LOT-43", NOW.plusSeconds(900), "anna");
        sessions.addDose("s-1", acceptable, 2, NOW.plusSeconds(610));
        sessions.addDose("s-1", unasked, 2, NOW.plusSeconds(910));

        assertThat(sessions.find("s-1").orElseThrow().history()).isEqualTo(history);
        assertThat(sessions.find("s-1").orElseThrow().doses()).containsExactly(acceptable, unasked);
        assertThat(sessions.find("s-2").orElseThrow().history().concomitant()).as("none of the classes").isEmpty();
        assertThat(sessions.find("s-2").orElseThrow().history().firstTreatment()).isFalse();
        assertThat(sessions.find("s-3").orElseThrow().history()).isEqualTo(PatientHistory.NOT_RECORDED);
    }

    @OnEachDatabase
    void a_bed_has_one_open_session_at_most(Database database) {
        SessionRepository sessions = sessionsOver(database);
        sessions.insert(givenASession("s-1", "bed-1", NOW));

        assertThatThrownBy(() -> sessions.insert(givenASession("s-2", "bed-1", NOW.plusSeconds(5))))
                .isInstanceOf(StorageException.class).hasMessageContaining("already has an open session");
        sessions.insert(givenASession("s-3", "bed-2", NOW.plusSeconds(5)));

        assertThat(sessions.open()).extracting(ChairSession::id).containsExactly("s-1", "s-3");
        assertThat(sessions.find("s-2")).isEmpty();
    }

    @OnEachDatabase
    void a_dose_beyond_the_allowed_count_or_after_sign_off_is_refused_and_writes_nothing(Database database) {
        SessionRepository sessions = sessionsOver(database);
        sessions.insert(givenASession("s-1", "bed-1", NOW));
        Dose first = new Dose("ketamine", "intramuscular", 50, "L1", NOW.plusSeconds(60), "anna");

        assertThat(sessions.addDose("s-1", first, 1, NOW)).isTrue();
        assertThat(sessions.addDose("s-1", first, 1, NOW)).isFalse();
        assertThat(sessions.addDose("s-1", first, 2, NOW)).isTrue();
        sessions.signOff("s-1", new SignOff(NOW.plusSeconds(9000), "anna", null));
        assertThat(sessions.addDose("s-1", first, 5, NOW)).isFalse();
        assertThat(sessions.addAssessment("s-1", new SessionAssessment(NOW, "anna", 5, Dissociation.NONE, false, "x"))).isFalse();
        assertThat(sessions.signOff("s-1", new SignOff(NOW.plusSeconds(9999), "ben", null))).isFalse();

        ChairSession read = sessions.find("s-1").orElseThrow();
        assertThat(read.doses()).hasSize(2);
        assertThat(read.assessments()).isEmpty();
        assertThat(read.signOff().by()).isEqualTo("anna");
    }

    @OnEachDatabase
    void sessions_of_a_bed_are_listed_from_a_time_oldest_first(Database database) {
        SessionRepository sessions = sessionsOver(database);
        sessions.insert(givenASession("s-1", "bed-1", NOW));
        sessions.signOff("s-1", new SignOff(NOW.plusSeconds(100), "anna", null));
        sessions.insert(givenASession("s-2", "bed-1", NOW.plusSeconds(200)));
        sessions.insert(givenASession("s-3", "bed-2", NOW.plusSeconds(300)));

        assertThat(sessions.ofBed("bed-1", Instant.EPOCH)).extracting(ChairSession::id).containsExactly("s-1", "s-2");
        assertThat(sessions.ofBed("bed-1", NOW.plusSeconds(1))).extracting(ChairSession::id).containsExactly("s-2");
    }

    private static SessionRepository sessionsOver(Database database) {
        return new SessionRepository(database, new OutboxRepository(database, java.time.Clock.systemUTC()),
                org.vigil.gateway.fhir.FhirContextHolder.r4());
    }

    private static ChairSession givenASession(String id, String bed, Instant at) {
        return new ChairSession(id, bed, "occ-" + id, ADA, at, "anna", null, List.of(), List.of(), null, null, null);
    }
}
