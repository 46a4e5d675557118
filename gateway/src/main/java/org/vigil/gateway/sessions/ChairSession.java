package org.vigil.gateway.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigil.alerting.profile.SessionSettings;
import org.vigil.gateway.fhir.Admission;

/**
 * One monitored session at a chair, as stored: the patient checked in, the baseline, the doses,
 * the assessments, the BP schedule's progress and the sign-off.
 *
 * @param patientId          the Patient resource (the bed's occupancy) of the session
 * @param baseline           {@code null} until taken
 * @param bpScheduledThrough the latest scheduled BP time already acted on (cuff commanded or
 *                           nurse prompted), {@code null} before the first
 * @param readyAt            the first moment every automatic discharge criterion held, {@code null} before
 * @param signOff            {@code null} while the session runs
 * @param history            what the REMS form asks of the patient at check-in
 */
public record ChairSession(String id, String bedId, String patientId, Admission patient, Instant checkedInAt,
                           String checkedInBy, Baseline baseline, List<Dose> doses, List<SessionAssessment> assessments,
                           Instant bpScheduledThrough, Instant readyAt, SignOff signOff, PatientHistory history) {

    public ChairSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bedId, "bedId");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(checkedInAt, "checkedInAt");
        doses = List.copyOf(doses);
        assessments = List.copyOf(assessments);
        history = history == null ? PatientHistory.NOT_RECORDED : history;
    }

    public ChairSession(String id, String bedId, String patientId, Admission patient, Instant checkedInAt,
                        String checkedInBy, Baseline baseline, List<Dose> doses, List<SessionAssessment> assessments,
                        Instant bpScheduledThrough, Instant readyAt, SignOff signOff) {
        this(id, bedId, patientId, patient, checkedInAt, checkedInBy, baseline, doses, assessments, bpScheduledThrough,
                readyAt, signOff, PatientHistory.NOT_RECORDED);
    }

    public boolean open() {
        return signOff == null;
    }

    /** The first dose's time, which the BP schedule and the phases follow. */
    public Optional<Instant> doseTime() {
        return doses.isEmpty() ? Optional.empty() : Optional.of(doses.get(0).time());
    }

    public Phase phase(SessionSettings settings, Instant now) {
        if (signOff != null) return Phase.SIGNED_OFF;
        Optional<Instant> dose = doseTime();
        if (dose.isEmpty() || now.isBefore(dose.get())) return baseline == null ? Phase.CHECKED_IN : Phase.BASELINE;
        Duration since = Duration.between(dose.get(), now);
        if (since.compareTo(settings.peakFrom()) < 0) return Phase.ONSET;
        if (since.compareTo(settings.recoveryFrom()) < 0) return Phase.PEAK;
        return Phase.RECOVERY;
    }

    public Optional<SessionAssessment> latestAssessment() {
        return assessments.isEmpty() ? Optional.empty() : Optional.of(assessments.get(assessments.size() - 1));
    }

    public String patientName() {
        return patient.given() == null ? patient.family() : patient.given() + " " + patient.family();
    }
}
