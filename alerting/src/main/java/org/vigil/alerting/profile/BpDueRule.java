package org.vigil.alerting.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;

/**
 * A scheduled blood-pressure reading is missing, relative to the session's dose time: before the
 * dose (a reading within {@code preDoseWindow} before it), at {@code first} after it, then every
 * {@code every} until {@code until} (clinic protocol: pre-dose, +40 min, every 15 min to 2 h).
 *
 * @param grace how far either side of a scheduled time a reading counts, and how late it may be
 */
public record BpDueRule(String id, String name, boolean preDose, Duration preDoseWindow,
                        Duration first, Duration every, Duration until, Duration grace,
                        Priority priority, boolean latching) implements AlarmRule {

    public BpDueRule {
        AlarmRule.requireId(id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(preDoseWindow, "pre-dose-window");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(priority, "priority");
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("every must be more than 0");
        if (first.isNegative() || until.compareTo(first) < 0) {
            throw new IllegalArgumentException("first must be 0 or more and no later than until");
        }
        if (grace.isNegative() || preDoseWindow.isNegative()) {
            throw new IllegalArgumentException("grace and preDoseWindow must be 0 or more");
        }
    }

    /** The scheduled times after the dose, as offsets from it. */
    public List<Duration> offsets() {
        List<Duration> offsets = new ArrayList<>();
        for (Duration t = first; t.compareTo(until) <= 0; t = t.plus(every)) offsets.add(t);
        return offsets;
    }

    @Override
    public Category category() { return Category.TECHNICAL; }
}
