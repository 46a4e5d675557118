package org.vigil.alerting.profile;

import java.time.Duration;
import java.util.Objects;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;

/**
 * A NEWS2 trigger (Royal College of Physicians, 2017): urgent or emergency response.
 *
 * @param delay how long the trigger must persist: NEWS2 is charted from spot values, and a
 *              live score would otherwise follow a one-second SpO2 artefact
 */
public record News2Rule(String id, String name, Trigger trigger, Duration delay, Priority priority,
                        boolean latching) implements AlarmRule {

    public enum Trigger {
        /** Aggregate 5 or more, or any single parameter scoring 3. */
        URGENT,
        /** Aggregate 7 or more. */
        EMERGENCY
    }

    public News2Rule {
        AlarmRule.requireId(id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) throw new IllegalArgumentException("delay must be 0 or more");
        Objects.requireNonNull(priority, "priority");
    }

    @Override
    public Category category() { return Category.PHYSIOLOGICAL; }
}
