package org.vigil.gateway.fhir;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.vigil.gateway.sessions.Baseline;
import org.vigil.gateway.sessions.ChairSession;
import org.vigil.gateway.sessions.Dissociation;
import org.vigil.gateway.sessions.Dose;
import org.vigil.gateway.sessions.PatientHistory;
import org.vigil.gateway.sessions.Readiness;
import org.vigil.gateway.sessions.SessionAssessment;
import org.vigil.gateway.sessions.SessionReport;
import org.vigil.gateway.sessions.SignOff;

/** A signed-off session built in code: baseline, one dose, two assessments, three BP readings. */
public final class SignedOffSessions {

    static final Instant CHECK_IN = Instant.parse("2026-03-02T09:00:00Z");
    static final Instant DOSE = CHECK_IN.plus(Duration.ofMinutes(20));

    private SignedOffSessions() {
    }

    public static SessionReport givenASignedOffSession() {
        ChairSession session = new ChairSession("3f2c9a1e-5b7d-4c1a-9e2f-0a1b2c3d4e5f", "bed-1", "occ-1",
                new Admission("Okafor", "Ada", "urn:example:mrn", "MRN-7", LocalDate.of(1980, 2, 1)), CHECK_IN, "anna",
                new Baseline(CHECK_IN.plusSeconds(120), 97, 72, 128, 81),
                List.of(new Dose("esketamine", "nasal", 56, "LOT-42", DOSE, "anna", true)),
                List.of(new SessionAssessment(DOSE.plus(Duration.ofMinutes(30)), "anna", 3, Dissociation.MODERATE, false, "quiet"),
                        new SessionAssessment(DOSE.plus(Duration.ofMinutes(110)), "anna", 5, Dissociation.NONE, false, null)),
                DOSE.plus(Duration.ofMinutes(115)), DOSE.plus(Duration.ofMinutes(122)),
                new SignOff(DOSE.plus(Duration.ofMinutes(130)), "ben", null),
                new PatientHistory(PatientHistory.Sex.FEMALE, false, java.util.EnumSet.of(PatientHistory.ConcomitantMedicine.SEDATIVE_HYPNOTICS)));
        List<SessionReport.BpMeasurement> pressures = List.of(
                new SessionReport.BpMeasurement(CHECK_IN.plusSeconds(120), 128, 81),
                new SessionReport.BpMeasurement(DOSE.plus(Duration.ofMinutes(40)), 162, 97),
                new SessionReport.BpMeasurement(DOSE.plus(Duration.ofMinutes(115)), 131, 83));
        Readiness readiness = Readiness.of(List.of(new Readiness.Criterion("vitals-at-baseline", true, "within the band")));
        return new SessionReport(session, "Chair 1", pressures, List.of(), List.of(), List.of(), readiness);
    }
}
