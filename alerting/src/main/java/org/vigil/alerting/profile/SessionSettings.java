package org.vigil.alerting.profile;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.vigil.alerting.SessionPhase;

/**
 * The shape of a monitored ketamine session that a profile sets: where the phases after the dose
 * begin, how many doses a session may have, and how long the patient is observed at least.
 * Esketamine REMS: at least 2 hours of observation after the dose (docs/sessions.md).
 *
 * @param peakFrom           the peak phase begins this long after the dose; onset is before it
 * @param recoveryFrom       the recovery phase begins this long after the dose
 * @param dosesAllowed       doses a session may record
 * @param minimumObservation how long after the dose the patient stays at least
 * @param baselineBand       discharge: pulse and blood pressure within this many percent of the
 *                           baseline (PADSS: vital signs within 20 % of the pre-procedure values);
 *                           SpO2 is left to its alarm rules
 * @param stableWindow       discharge: vitals within the band for this long
 * @param overrides          rule settings in force during a phase only
 */
public record SessionSettings(Duration peakFrom, Duration recoveryFrom, int dosesAllowed, Duration minimumObservation,
                              double baselineBand, Duration stableWindow, List<PhaseOverride> overrides) {

    public static final SessionSettings DEFAULT = new SessionSettings(Duration.ofMinutes(30), Duration.ofMinutes(90), 1,
            Duration.ofHours(2), 20, Duration.ofMinutes(15), List.of());

    public SessionSettings {
        Objects.requireNonNull(peakFrom, "peak-from");
        Objects.requireNonNull(recoveryFrom, "recovery-from");
        Objects.requireNonNull(minimumObservation, "minimum-observation");
        if (peakFrom.isNegative() || peakFrom.isZero()) throw new IllegalArgumentException("peak-from must be more than 0");
        if (recoveryFrom.compareTo(peakFrom) <= 0) throw new IllegalArgumentException("recovery-from must be later than peak-from");
        if (dosesAllowed < 1) throw new IllegalArgumentException("doses-allowed must be 1 or more");
        if (minimumObservation.isNegative()) throw new IllegalArgumentException("minimum-observation must be 0 or more");
        Objects.requireNonNull(stableWindow, "stable-window");
        if (!(baselineBand > 0 && baselineBand <= 100)) throw new IllegalArgumentException("baseline-band must be a percentage more than 0");
        if (stableWindow.isNegative()) throw new IllegalArgumentException("stable-window must be 0 or more");
        overrides = List.copyOf(overrides);
        Set<String> seen = new HashSet<>();
        for (PhaseOverride override : overrides) {
            if (!seen.add(override.phase() + "/" + override.ruleId())) {
                throw new IllegalArgumentException(override.ruleId() + " is overridden twice in " + override.phase());
            }
        }
    }

    /** The overrides in force during {@code phase}. */
    public List<PhaseOverride> overridesOf(SessionPhase phase) {
        return overrides.stream().filter(o -> o.phase() == phase).toList();
    }

    public SessionSettings withOverrides(List<PhaseOverride> newOverrides) {
        return new SessionSettings(peakFrom, recoveryFrom, dosesAllowed, minimumObservation, baselineBand, stableWindow,
                newOverrides);
    }
}
