package org.vigil.gateway.alarms;

import java.time.Instant;
import org.vigil.alerting.Alarm;
import org.vigil.alerting.AlarmChange;

/**
 * An alarm as the API, the live stream and MQTT show it.
 *
 * @param transition what just happened to it, on the stream and in the log; {@code null} in snapshots
 * @param value      the measured value that raised it, {@code null} for technical alarms
 * @param user       who acted (acknowledged, paused), where a person did
 */
public record AlarmView(String id, String bed, String rule, String category, String priority, String state,
                        Double value, Double limit, String message, Instant raisedAt, Instant changedAt,
                        String acknowledgedBy, boolean escalated, boolean audible, String transition,
                        String user) {

    public static AlarmView of(Alarm alarm) {
        return of(alarm, null, null);
    }

    public static AlarmView of(AlarmChange change) {
        return of(change.alarm(), change.transition().name(), change.user());
    }

    private static AlarmView of(Alarm alarm, String transition, String user) {
        return new AlarmView(alarm.id(), alarm.bedId(), alarm.ruleId(), alarm.category().name(),
                alarm.priority().name(), alarm.state().name(), numberOrNull(alarm.value()),
                numberOrNull(alarm.limit()), alarm.message(), alarm.raisedAt(), alarm.changedAt(),
                alarm.acknowledgedBy(), alarm.escalated(), alarm.audible(), transition, user);
    }

    private static Double numberOrNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
