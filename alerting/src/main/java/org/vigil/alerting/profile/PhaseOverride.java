package org.vigil.alerting.profile;

import java.time.Duration;
import java.util.Objects;
import org.vigil.alerting.SessionPhase;

/**
 * A limit rule's limit or delay for one phase of the session, e.g. a longer heart-rate delay in the
 * onset: in force from the phase's start to its end, then the rule's own settings again.
 *
 * @param limit {@code null} to keep the rule's; only for single-threshold rules
 * @param delay {@code null} to keep the rule's
 */
public record PhaseOverride(SessionPhase phase, String ruleId, Double limit, Duration delay) {

    public PhaseOverride {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(ruleId, "rule");
        if (phase == SessionPhase.PRE_DOSE) throw new IllegalArgumentException("phases after the dose only: onset, peak, recovery");
        if (limit == null && delay == null) throw new IllegalArgumentException(ruleId + ": an override sets limit, delay or both");
        if (delay != null && delay.isNegative()) throw new IllegalArgumentException(ruleId + ": delay must be 0 or more");
    }

    /** The rule with this override's settings. */
    public LimitRule applyTo(LimitRule rule) {
        LimitRule changed = limit == null ? rule : rule.withLimit(limit);
        return delay == null ? changed : changed.withDelay(delay);
    }

    /** {@code current} with the overridden settings as they were in {@code before}. */
    public LimitRule revert(LimitRule current, LimitRule before) {
        LimitRule reverted = limit == null ? current : current.withThresholds(before.thresholds());
        return delay == null ? reverted : reverted.withDelay(before.delay());
    }
}
