package org.vigil.gateway.sessions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A session as the API and the dashboard show it, computed at {@code at}; {@code readiness} is live
 * while the session runs and {@code null} once it is signed off.
 */
public record SessionView(String id, String bed, String patientId, Patient patient, String phase, Instant checkedInAt,
                          String checkedInBy, Baseline baseline, PreDoseGate preDoseGate, List<Dose> doses,
                          Long minutesSinceDose, List<BpReading> bpSchedule, Instant nextBpDue,
                          List<SessionAssessment> assessments, List<Artefact> artefacts, Readiness readiness, Instant readyAt, SignOff signOff,
                          Instant at) {

    /** The patient, with what the REMS form asks at check-in ({@code null} where not recorded). */
    public record Patient(String family, String given, String identifier, LocalDate birthDate, String sex,
                          Boolean firstTreatment, List<String> concomitant) {
    }

    /**
     * The profile's pre-dose BP rules checked against the baseline: a recommendation to withhold
     * the dose, never a block.
     */
    public record PreDoseGate(boolean withholdRecommended, List<String> reasons) {
    }

    /** A due BP reading and what came of it: MEASURED, DUE, MISSED or UPCOMING. */
    public record BpReading(String label, Instant due, String status, Instant measuredAt, Double systolic, Double diastolic) {
    }
}
