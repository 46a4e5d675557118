package org.vigil.gateway.alarms;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;
import org.vigil.alerting.RuleChange;
import org.vigil.gateway.storage.AlarmLogEntry;
import org.vigil.gateway.storage.AlarmLogRepository;
import org.vigil.gateway.storage.AuditEntry;
import org.vigil.gateway.storage.AuditRepository;

/** The alarm and audit logs kept in the gateway's database. */
public final class StorageAlarmLog implements AlarmLog {

    private final AlarmLogRepository alarms;
    private final AuditRepository audit;
    private final Clock clock;

    public StorageAlarmLog(AlarmLogRepository alarms, AuditRepository audit, Clock clock) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void record(AlarmView change) {
        String user = change.user() != null ? change.user() : change.acknowledgedBy();
        alarms.log(new AlarmLogEntry(change.changedAt(), change.id(), change.bed(), change.rule(),
                Priority.valueOf(change.priority()), Category.valueOf(change.category()), AlarmState.valueOf(change.state()),
                change.value(), change.limit(), change.raisedAt(), user, change.message(),
                change.transition() == null ? null : AlarmChange.Transition.valueOf(change.transition()),
                change.escalated()));
    }

    @Override
    public void recordRuleChange(RuleChange change) {
        audit.record(new AuditEntry(change.at(), change.user(), "LIMITS_CHANGED", change.bedId(),
                change.ruleId() + ": " + change.before() + " -> " + change.after()));
    }

    @Override
    public void audit(String user, String action, String bedId, String details) {
        audit.record(new AuditEntry(clock.instant(), user, action, bedId, details));
    }

    @Override
    public List<AlarmView> unended() {
        return alarms.unended().stream().map(StorageAlarmLog::viewOf).toList();
    }

    @Override
    public List<AlarmView> history(String bedId, Instant since, int limit) {
        return alarms.forBed(bedId, since, limit).stream().map(StorageAlarmLog::viewOf).toList();
    }

    private static AlarmView viewOf(AlarmLogEntry entry) {
        String acknowledgedBy = entry.state() == AlarmState.ACKNOWLEDGED ? entry.user() : null;
        return new AlarmView(entry.alarmId(), entry.bedId(), entry.rule(), entry.category().name(),
                entry.priority().name(), entry.state().name(), entry.value(), entry.limit(), entry.message(),
                entry.raisedAt(), entry.time(), acknowledgedBy, entry.escalated(), true,
                entry.transition() == null ? null : entry.transition().name(), entry.user());
    }
}
