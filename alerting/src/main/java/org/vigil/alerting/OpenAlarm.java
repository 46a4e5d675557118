package org.vigil.alerting;

import java.time.Instant;

/** The mutable working copy of one open alarm inside a bed; the outside sees {@link Alarm} snapshots. */
final class OpenAlarm {

    final String id;
    final String ruleId;
    final Category category;
    final Priority priority;
    final boolean latching;
    final Instant raisedAt;
    AlarmState state;
    double value;
    double limit;
    String message;
    Instant changedAt;
    String acknowledgedBy;
    Instant acknowledgedAt;
    boolean escalated;
    /** When it last started waiting for a person: raised, re-sounded or reactivated. */
    Instant unacknowledgedSince;

    OpenAlarm(String id, String ruleId, Category category, Priority priority, boolean latching,
              Instant raisedAt, AlarmState state) {
        this.id = id;
        this.ruleId = ruleId;
        this.category = category;
        this.priority = priority;
        this.latching = latching;
        this.raisedAt = raisedAt;
        this.state = state;
        this.changedAt = raisedAt;
        this.unacknowledgedSince = raisedAt;
    }

    boolean awaitsAcknowledgement() {
        return state == AlarmState.ACTIVE || state == AlarmState.LATCHED;
    }

    Alarm snapshot(String bedId, boolean audible) {
        return new Alarm(id, bedId, ruleId, category, priority, state, value, limit, message, raisedAt,
                changedAt, acknowledgedBy, escalated, audible);
    }
}
