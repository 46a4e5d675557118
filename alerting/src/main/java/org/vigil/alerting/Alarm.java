package org.vigil.alerting;

import java.time.Instant;
import java.util.Objects;

/**
 * One alarm as the gateway shows, logs and persists it: its identity, priority, the value and
 * limit in force and who acted (IEC 60601-1-8 alarm log content).
 *
 * @param id             stable across restarts: {@code bedId/ruleId/epochMilliOfRaise}
 * @param bedId          the bed, or {@link AlarmEngine#GATEWAY} for gateway-wide technical alarms
 * @param ruleId         the profile rule, or the gateway's code for gateway-raised alarms
 * @param category       physiological or technical
 * @param priority       from the profile, never lowered at the bedside
 * @param state          where the alarm is in its life
 * @param value          the latest value of the condition, {@code NaN} where there is none
 * @param limit          the limit in force, {@code NaN} where there is none
 * @param message        text for the nurse, e.g. "SpO2 86 < 88"
 * @param raisedAt       when the alarm condition was raised (after its delay)
 * @param changedAt      when the latest change happened
 * @param acknowledgedBy who last acknowledged it, or {@code null}
 * @param escalated      left unacknowledged past the escalation time
 * @param audible        whether it is sounding now (not acknowledged, not paused, not informational)
 */
public record Alarm(String id, String bedId, String ruleId, Category category, Priority priority,
                    AlarmState state, double value, double limit, String message,
                    Instant raisedAt, Instant changedAt, String acknowledgedBy,
                    boolean escalated, boolean audible) {

    public Alarm {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bedId, "bedId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(raisedAt, "raisedAt");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    static String idFor(String bedId, String ruleId, Instant raisedAt) {
        return bedId + "/" + ruleId + "/" + raisedAt.toEpochMilli();
    }
}
