package org.vigil.alerting;

import java.time.Instant;
import java.util.Arrays;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.Threshold;

/**
 * A limit rule over readings: persistence delay, SatSeconds integral or BP confirmation to raise;
 * hysteresis to end. Primitive state only: this runs for every reading.
 */
final class LimitDetector extends Detector {

    private static final long NONE = Long.MIN_VALUE;
    /** Longest gap between readings that the integral counts, so a data gap is not read as a dip. */
    private static final long MAX_INTEGRAL_STEP_MILLIS = 5_000;

    final LimitRule rule;
    private final Threshold[] thresholds;
    private final double[] latest;
    private final long[] latestMeasuredAt;
    private final long delayMillis;
    private long pendingSince = NONE;
    private long lastReadingAt = NONE;
    private double integralSum;
    private long measurementAt = NONE;
    private boolean measurementBeyond;
    private int consecutiveBeyond;

    LimitDetector(BedAlarms bed, LimitRule rule) {
        super(bed);
        this.rule = rule;
        this.thresholds = rule.thresholds().toArray(new Threshold[0]);
        this.latest = new double[thresholds.length];
        Arrays.fill(latest, Double.NaN);
        this.latestMeasuredAt = new long[thresholds.length];
        this.delayMillis = rule.delay().toMillis();
    }

    @Override
    AlarmRule rule() { return rule; }

    void onReading(int thresholdIndex, double value, long measuredAtMillis, Instant now) {
        latest[thresholdIndex] = value;
        latestMeasuredAt[thresholdIndex] = measuredAtMillis;
        long nowMillis = now.toEpochMilli();
        long sinceLast = lastReadingAt == NONE ? 0 : Math.min(nowMillis - lastReadingAt, MAX_INTEGRAL_STEP_MILLIS);
        lastReadingAt = nowMillis;
        if (rule.preDoseOnly() && bed.doseGiven(now)) {
            if (raised) absent(value, now);
            return;
        }
        if (rule.confirm()) startMeasurement(measuredAtMillis);
        int beyond = beyondIndex();
        if (rule.confirm()) countMeasurement(beyond >= 0);
        if (raised) {
            if (allClear()) {
                resetPending();
                absent(value, now);
            } else {
                bed.conditionValue(rule.id(), value);
            }
            return;
        }
        if (beyond < 0) {
            resetPending();
            return;
        }
        if (qualifies(beyond, sinceLast, nowMillis)) {
            Threshold crossed = thresholds[beyond];
            present(latest[beyond], crossed.limit(), Messages.limit(crossed, latest[beyond]), now);
        }
    }

    /**
     * Ends a pre-dose rule's alarm once the dose is given, and raises a condition whose delay ends
     * between two readings at the end of the delay rather than at the next reading (IEC 60601-1-8:
     * the alarm condition delay is the configured one, not the configured one plus a sample period).
     * A condition whose readings stopped is not presumed to persist.
     */
    @Override
    void tick(Instant now) {
        if (raised && rule.preDoseOnly() && bed.doseGiven(now)) {
            absent(Double.NaN, now);
            return;
        }
        if (raised || pendingSince == NONE || rule.confirm() || rule.integral() > 0) return;
        if (rule.preDoseOnly() && bed.doseGiven(now)) return;
        long nowMillis = now.toEpochMilli();
        if (nowMillis - pendingSince < delayMillis || nowMillis - lastReadingAt > MAX_INTEGRAL_STEP_MILLIS) return;
        int beyond = beyondIndex();
        if (beyond >= 0) {
            Threshold crossed = thresholds[beyond];
            present(latest[beyond], crossed.limit(), Messages.limit(crossed, latest[beyond]), now);
        }
    }

    /** When a pending condition's delay ends, in epoch milliseconds, or {@link Long#MAX_VALUE} if none is pending. */
    long delayEndsAtMillis() {
        if (raised || pendingSince == NONE || rule.confirm() || rule.integral() > 0) return Long.MAX_VALUE;
        return pendingSince + delayMillis;
    }

    private boolean qualifies(int beyond, long sinceLastMillis, long nowMillis) {
        if (rule.confirm()) return consecutiveBeyond >= 2;
        if (rule.integral() > 0) {
            integralSum += Math.abs(thresholds[beyond].limit() - latest[beyond]) * sinceLastMillis / 1000.0;
            return integralSum >= rule.integral();
        }
        if (pendingSince == NONE) pendingSince = nowMillis;
        return nowMillis - pendingSince >= delayMillis;
    }

    /** Confirmation counts whole measurements: readings of one BP cycle share their measured time. */
    private void startMeasurement(long measuredAtMillis) {
        if (measuredAtMillis != measurementAt) {
            if (!measurementBeyond) consecutiveBeyond = 0;
            measurementAt = measuredAtMillis;
            measurementBeyond = false;
        }
    }

    private void countMeasurement(boolean beyond) {
        if (beyond && !measurementBeyond) {
            measurementBeyond = true;
            consecutiveBeyond++;
        }
    }

    private int beyondIndex() {
        for (int i = 0; i < thresholds.length; i++) {
            if (rule.confirm() && latestMeasuredAt[i] != measurementAt) continue;
            if (thresholds[i].comparison().beyond(latest[i], thresholds[i].limit())) return i;
        }
        return -1;
    }

    private boolean allClear() {
        for (int i = 0; i < thresholds.length; i++) {
            double value = latest[i];
            if (!Double.isNaN(value)
                    && !thresholds[i].comparison().clear(value, thresholds[i].limit(), rule.hysteresis())) {
                return false;
            }
        }
        return true;
    }

    private void resetPending() {
        pendingSince = NONE;
        integralSum = 0;
    }
}
