package org.vigil.alerting;

import java.time.Instant;
import java.util.Objects;

/**
 * One state change of one alarm, as delivered to the {@link AlarmListener}: what happened, the
 * alarm after it happened, and who made it happen when a person did.
 *
 * @param transition what happened
 * @param alarm      the alarm after the change
 * @param user       who acted (acknowledge, audio pause), else {@code null}
 */
public record AlarmChange(Transition transition, Alarm alarm, String user) {

    public enum Transition {
        RAISED,
        /** A latched alarm whose condition came back. */
        REACTIVATED,
        LATCHED,
        ACKNOWLEDGED,
        /** An acknowledged alarm whose condition persisted sounds again. */
        REMINDED,
        ESCALATED,
        ENDED,
        AUDIO_PAUSED,
        AUDIO_RESUMED,
        /** Re-instated from the gateway's store after a restart. */
        RESTORED
    }

    public AlarmChange {
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(alarm, "alarm");
    }

    public String alarmId() { return alarm.id(); }

    public String bedId() { return alarm.bedId(); }

    public AlarmState state() { return alarm.state(); }

    public Instant at() { return alarm.changedAt(); }
}
