package org.vigil.gateway.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One alarm state change as logged (raised, acknowledged, silenced, cleared...).
 *
 * @param value   the value that caused or accompanies the change, {@code null} for technical alarms
 * @param limits  the limits in force, as text, e.g. "L 90 H 100"; may be {@code null}
 * @param user    who acted, {@code null} when the change came from the engine
 */
public record AlarmLogEntry(Instant time, String alarmId, String bedId, String rule, String priority,
                            String category, String state, Double value, String limits, String user,
                            String message, String transition, boolean escalated) {

    public AlarmLogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(alarmId, "alarmId");
        Objects.requireNonNull(bedId, "bedId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(state, "state");
    }
}
