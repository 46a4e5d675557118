package org.vigil.alerting;

import java.time.Duration;
import java.time.Instant;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.DataStaleRule;
import org.vigil.model.VitalSign;

/** Data stopped arriving from a device the bed was receiving it from. */
final class StaleDetector extends Detector {

    private static final VitalSign[] CONTINUOUS = {
            VitalSign.SPO2, VitalSign.PULSE_RATE, VitalSign.RESP_RATE, VitalSign.PERFUSION_INDEX};

    final DataStaleRule rule;
    private final long continuousAfterMillis;

    StaleDetector(BedAlarms bed, DataStaleRule rule) {
        super(bed);
        this.rule = rule;
        this.continuousAfterMillis = rule.continuousAfter().toMillis();
    }

    @Override
    AlarmRule rule() { return rule; }

    @Override
    void tick(Instant now) {
        String stale = staleVital(now);
        if (stale == null) {
            if (raised) absent(Double.NaN, now);
        } else if (!raised) {
            present(Double.NaN, Double.NaN, "No " + stale + " data", now);
        }
    }

    private String staleVital(Instant now) {
        long nowMillis = now.toEpochMilli();
        for (VitalSign vital : CONTINUOUS) {
            long last = bed.lastSampleMillis(vital);
            if (last != BedAlarms.NEVER && nowMillis - last > continuousAfterMillis) return Messages.label(vital);
        }
        return bloodPressureStale(now) ? "BP" : null;
    }

    /** While the BP schedule runs, a reading older than factor x its interval is stale. */
    private boolean bloodPressureStale(Instant now) {
        Instant dose = bed.doseTime();
        var schedule = bed.bpSchedule();
        if (dose == null || schedule == null || now.isAfter(dose.plus(schedule.until()))) return false;
        Instant expectedFrom = dose.plus(schedule.first());
        Instant last = bed.lastBloodPressure();
        Instant since = last == null || last.isBefore(expectedFrom) ? expectedFrom : last;
        long allowed = (long) (schedule.every().toMillis() * rule.bpIntervalFactor());
        return Duration.between(since, now).toMillis() > allowed;
    }
}
