package org.vigil.gateway.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the signed session report holds, gathered from storage at sign-off: the session, its
 * validated blood-pressure measurements, a trend of its validated vitals, and its alarms.
 *
 * @param bloodPressures every validated measurement of the session, oldest first
 * @param trend          per-minute means of pulse and SpO2, and each blood pressure, oldest first
 */
public record SessionReport(ChairSession session, String chair, List<BpMeasurement> bloodPressures, List<TrendPoint> trend,
                            List<AlarmSummary> alarms, List<Artefact> artefacts, Readiness readinessAtSignOff) {

    /** One blood-pressure measurement. */
    public record BpMeasurement(Instant at, double systolic, double diastolic) {
    }

    /** One value of the trend; {@code series} is "Pulse", "SpO2", "Systolic" or "Diastolic". */
    public record TrendPoint(String series, Instant at, double value) {
    }

    /** One alarm of the session: who acknowledged it, if anyone. */
    public record AlarmSummary(String rule, String priority, String category, Instant raisedAt, Double value,
                               String acknowledgedBy, Instant acknowledgedAt, String message) {
    }

    /** Total minutes of monitoring: from check-in to sign-off (REMS form: first device to end of monitoring). */
    public long monitoringMinutes() {
        return Duration.between(session.checkedInAt(), session.signOff().at()).toMinutes();
    }

    /** The last measurement before the dose. */
    public Optional<BpMeasurement> beforeDosing() {
        Optional<Instant> dose = session.doseTime();
        return bloodPressures.stream().filter(bp -> dose.isEmpty() || !bp.at().isAfter(dose.get())).reduce((a, b) -> b);
    }

    /** The measurement nearest to 40 minutes after the dose, within 20 minutes of it. */
    public Optional<BpMeasurement> atFortyMinutes() {
        Optional<Instant> dose = session.doseTime();
        if (dose.isEmpty()) return Optional.empty();
        Instant target = dose.get().plus(Duration.ofMinutes(40));
        return bloodPressures.stream()
                .filter(bp -> Duration.between(target, bp.at()).abs().compareTo(Duration.ofMinutes(20)) <= 0)
                .min((a, b) -> Duration.between(target, a.at()).abs().compareTo(Duration.between(target, b.at()).abs()));
    }

    /** The last measurement of the session, when it was taken after the 40-minute one. */
    public Optional<BpMeasurement> beforeCompletion() {
        Optional<BpMeasurement> forty = atFortyMinutes();
        Optional<BpMeasurement> last = bloodPressures.isEmpty() ? Optional.empty() : Optional.of(bloodPressures.get(bloodPressures.size() - 1));
        Optional<Instant> dose = session.doseTime();
        if (last.isEmpty() || dose.isEmpty() || !last.get().at().isAfter(dose.get())) return Optional.empty();
        if (forty.isPresent() && !last.get().at().isAfter(forty.get().at())) return Optional.empty();
        return last;
    }

    /** Minutes after the dose at which the patient would have been ready to leave. */
    public Optional<Long> readyMinutesAfterDose() {
        Optional<Instant> dose = session.doseTime();
        if (dose.isEmpty() || session.readyAt() == null) return Optional.empty();
        return Optional.of(Duration.between(dose.get(), session.readyAt()).toMinutes());
    }
}
