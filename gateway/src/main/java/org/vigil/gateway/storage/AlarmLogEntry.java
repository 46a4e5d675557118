package org.vigil.gateway.storage;

import java.time.Instant;
import java.util.Objects;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;

/**
 * One alarm state change as logged (raised, acknowledged, silenced, cleared...).
 *
 * @param value      the value that caused or accompanies the change, {@code null} for technical alarms
 * @param limit      the limit the value crossed, {@code null} when there is none
 * @param raisedAt   when the alarm was raised
 * @param user       who acted, {@code null} when the change came from the engine
 * @param transition what happened, {@code null} in entries logged before transitions were
 */
public record AlarmLogEntry(Instant time, String alarmId, String bedId, String rule, Priority priority,
                            Category category, AlarmState state, Double value, Double limit, Instant raisedAt,
                            String user, String message, AlarmChange.Transition transition, boolean escalated) {

    public AlarmLogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(alarmId, "alarmId");
        Objects.requireNonNull(bedId, "bedId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }
}
