package org.vigil.alerting.profile;

import java.time.Duration;
import java.util.Objects;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;

/**
 * Data stopped arriving: no sample of a continuous vital for longer than {@code continuousAfter}
 * once it has been seen, or no blood pressure for longer than {@code bpIntervalFactor} times the
 * BP schedule's interval while the schedule runs.
 */
public record DataStaleRule(String id, String name, Duration continuousAfter, double bpIntervalFactor,
                            Priority priority, boolean latching) implements AlarmRule {

    public DataStaleRule {
        AlarmRule.requireId(id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(continuousAfter, "continuous-after");
        Objects.requireNonNull(priority, "priority");
        if (continuousAfter.isNegative() || continuousAfter.isZero()) throw new IllegalArgumentException("continuousAfter must be more than 0");
        if (!(bpIntervalFactor >= 1)) throw new IllegalArgumentException("bpIntervalFactor must be 1 or more");
    }

    @Override
    public Category category() { return Category.TECHNICAL; }
}
