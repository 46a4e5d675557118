package org.vigil.alerting.profile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;

/**
 * A physiological limit: the condition is present while any threshold is crossed.
 *
 * @param thresholds  any-of, e.g. SBP &gt; 180 or DBP &gt; 110
 * @param hysteresis  an active alarm's condition ends only once the value is back past limit
 *                    plus (low limits) or minus (high limits) this much
 * @param delay       alarm-condition delay: the condition must persist this long (IEC 60601-1-8)
 * @param integral    SatSeconds-style criterion, 0 when unused: raise once the sum of
 *                    |limit - value| x seconds beyond the limit reaches this
 * @param confirm     blood pressure: raise on the second consecutive measurement beyond the limit
 * @param preDoseOnly applies only before the session's dose time
 */
public record LimitRule(String id, String name, List<Threshold> thresholds, double hysteresis,
                        Duration delay, double integral, boolean confirm, boolean preDoseOnly,
                        Priority priority, boolean latching) implements AlarmRule {

    public LimitRule {
        AlarmRule.requireId(id);
        Objects.requireNonNull(name, "name");
        thresholds = List.copyOf(thresholds);
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(priority, "priority");
        if (thresholds.isEmpty()) throw new IllegalArgumentException("a limit rule needs a threshold");
        if (!(hysteresis >= 0)) throw new IllegalArgumentException("hysteresis must be 0 or more");
        if (delay.isNegative()) throw new IllegalArgumentException("delay must be 0 or more");
        if (!(integral >= 0)) throw new IllegalArgumentException("integral must be 0 or more");
        if (integral > 0 && !delay.isZero()) {
            throw new IllegalArgumentException("use either delay or integral, not both");
        }
        if (integral > 0 && thresholds.size() != 1) {
            throw new IllegalArgumentException("integral needs exactly one threshold");
        }
        if (confirm && !thresholds.stream().allMatch(t -> t.vital().isBloodPressure())) {
            throw new IllegalArgumentException("confirm applies to blood-pressure thresholds only");
        }
    }

    /** A single-threshold rule with a plain delay. */
    public static LimitRule of(String id, Threshold threshold, Duration delay, Priority priority,
                               boolean latching) {
        return new LimitRule(id, id, List.of(threshold), 0, delay, 0, false, false, priority, latching);
    }

    @Override
    public Category category() { return Category.PHYSIOLOGICAL; }

    public LimitRule withThresholds(List<Threshold> newThresholds) {
        return new LimitRule(id, name, newThresholds, hysteresis, delay, integral, confirm, preDoseOnly,
                priority, latching);
    }

    /** Replaces the limit of a single-threshold rule. */
    public LimitRule withLimit(double limit) {
        if (thresholds.size() != 1) {
            throw new IllegalArgumentException(id + " has " + thresholds.size() + " thresholds; replace them all");
        }
        return withThresholds(List.of(thresholds.get(0).withLimit(limit)));
    }

    public LimitRule withHysteresis(double newHysteresis) {
        return new LimitRule(id, name, thresholds, newHysteresis, delay, integral, confirm, preDoseOnly,
                priority, latching);
    }

    public LimitRule withDelay(Duration newDelay) {
        return new LimitRule(id, name, thresholds, hysteresis, newDelay, integral, confirm, preDoseOnly,
                priority, latching);
    }

    public LimitRule withIntegral(double newIntegral) {
        return new LimitRule(id, name, thresholds, hysteresis, delay, newIntegral, confirm, preDoseOnly,
                priority, latching);
    }

    public LimitRule withConfirm(boolean newConfirm) {
        return new LimitRule(id, name, thresholds, hysteresis, delay, integral, newConfirm, preDoseOnly,
                priority, latching);
    }

    public LimitRule withPreDoseOnly(boolean newPreDoseOnly) {
        return new LimitRule(id, name, thresholds, hysteresis, delay, integral, confirm, newPreDoseOnly,
                priority, latching);
    }

    public LimitRule withName(String newName) {
        return new LimitRule(id, newName, thresholds, hysteresis, delay, integral, confirm, preDoseOnly,
                priority, latching);
    }
}
