package org.vigil.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.BpDueRule;

/** A scheduled blood-pressure reading is overdue, relative to the session's dose time. */
final class BpDueDetector extends Detector {

    final BpDueRule rule;
    private final List<Duration> offsets;

    BpDueDetector(BedAlarms bed, BpDueRule rule) {
        super(bed);
        this.rule = rule;
        this.offsets = rule.offsets();
    }

    @Override
    AlarmRule rule() { return rule; }

    @Override
    void tick(Instant now) {
        Instant dose = bed.doseTime();
        String missing = dose == null ? null : overdue(dose, bed.lastBloodPressure(), now);
        if (missing == null) {
            if (raised) absent(Double.NaN, now);
        } else if (!raised) {
            present(Double.NaN, Double.NaN, "BP due: " + missing + " reading missing", now);
        }
    }

    /** The latest scheduled reading whose time (plus grace) has passed, if no reading answered it. */
    private String overdue(Instant dose, Instant lastBp, Instant now) {
        for (int i = offsets.size() - 1; i >= 0; i--) {
            Instant due = dose.plus(offsets.get(i));
            if (!due.plus(rule.grace()).isAfter(now)) {
                return answered(lastBp, due.minus(rule.grace())) ? null : "+" + offsets.get(i).toMinutes() + " min";
            }
        }
        if (rule.preDose() && !dose.isAfter(now)) {
            return answered(lastBp, dose.minus(rule.preDoseWindow())) ? null : "pre-dose";
        }
        return null;
    }

    private static boolean answered(Instant lastBp, Instant windowStart) {
        return lastBp != null && !lastBp.isBefore(windowStart);
    }
}
