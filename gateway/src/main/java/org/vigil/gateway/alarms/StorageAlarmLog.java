package org.vigil.gateway.alarms;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.vigil.alerting.RuleChange;
import org.vigil.gateway.storage.AlarmLogEntry;
import org.vigil.gateway.storage.AuditEntry;
import org.vigil.gateway.storage.Storage;

/** The alarm and audit logs kept in the gateway's database. */
public final class StorageAlarmLog implements AlarmLog {

    private final Storage storage;
    private final Clock clock;

    public StorageAlarmLog(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    @Override
    public void record(AlarmView change) {
        String user = change.user() != null ? change.user() : change.acknowledgedBy();
        String limit = change.limit() == null ? null : "limit " + format(change.limit());
        storage.logAlarm(new AlarmLogEntry(change.changedAt(), change.id(), change.bed(), change.rule(),
                change.priority(), change.category(), change.state(), change.value(), limit, user, change.message(),
                change.transition(), change.escalated()));
    }

    @Override
    public void recordRuleChange(RuleChange change) {
        storage.audit(new AuditEntry(change.at(), change.user(), "LIMITS_CHANGED", change.bedId(),
                change.ruleId() + ": " + change.before() + " -> " + change.after()));
    }

    @Override
    public void audit(String user, String action, String bedId, String details) {
        storage.audit(new AuditEntry(clock.instant(), user, action, bedId, details));
    }

    @Override
    public List<AlarmView> history(String bedId, Instant since, int limit) {
        return storage.alarmsForBed(bedId, since, limit).stream().map(StorageAlarmLog::viewOf).toList();
    }

    @Override
    public List<AlarmView> unended() {
        return storage.unendedAlarms().stream().map(StorageAlarmLog::viewOf).toList();
    }

    /** Alarm ids end in the epoch millisecond the alarm was raised: {@code bed/rule/raisedMs}. */
    public static AlarmView viewOf(AlarmLogEntry entry) {
        String id = entry.alarmId();
        Instant raisedAt = Instant.ofEpochMilli(Long.parseLong(id.substring(id.lastIndexOf('/') + 1)));
        Double limit = parseLimit(entry.limits());
        String acknowledgedBy = "ACKNOWLEDGED".equals(entry.state()) ? entry.user() : null;
        return new AlarmView(id, entry.bedId(), entry.rule(), entry.category(), entry.priority(), entry.state(),
                entry.value(), limit, entry.message(), raisedAt, entry.time(), acknowledgedBy, entry.escalated(), true,
                entry.transition(), entry.user());
    }

    private static Double parseLimit(String text) {
        if (text == null || !text.startsWith("limit ")) return null;
        try {
            return Double.parseDouble(text.substring(6));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
