package org.vigil.alerting.profile;

import java.time.Duration;
import java.util.Objects;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;
import org.vigil.model.DeviceEvent;

/** A technical alarm driven by a device event: present while any of the bed's devices reports it. */
public record DeviceRule(String id, String name, DeviceEvent.Kind event, Duration delay,
                         Priority priority, boolean latching) implements AlarmRule {

    public DeviceRule {
        AlarmRule.requireId(id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(priority, "priority");
        if (event == DeviceEvent.Kind.CONNECTED || event == DeviceEvent.Kind.STREAMING
                || event == DeviceEvent.Kind.CUFF_INFLATING) {
            throw new IllegalArgumentException(event + " is not an alarm condition");
        }
        if (delay.isNegative()) throw new IllegalArgumentException("delay must be 0 or more");
    }

    @Override
    public Category category() { return Category.TECHNICAL; }
}
