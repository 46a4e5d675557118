package org.vigil.alerting;

import java.time.Instant;
import org.vigil.alerting.news2.News2;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.News2Rule;

/** NEWS2 urgent or emergency trigger over the bed's latest valid values. */
final class News2Detector extends Detector {

    final News2Rule rule;
    private Instant pendingSince;

    News2Detector(BedAlarms bed, News2Rule rule) {
        super(bed);
        this.rule = rule;
    }

    @Override
    AlarmRule rule() { return rule; }

    @Override
    void tick(Instant now) {
        int total = bed.news2Total(now);
        boolean anyRed = bed.news2AnySingleRed(now);
        boolean triggered = switch (rule.trigger()) {
            case URGENT -> total >= News2.URGENT_TOTAL || anyRed;
            case EMERGENCY -> total >= News2.EMERGENCY_TOTAL;
        };
        int limit = rule.trigger() == News2Rule.Trigger.URGENT ? News2.URGENT_TOTAL : News2.EMERGENCY_TOTAL;
        if (!triggered) pendingSince = null;
        else if (pendingSince == null) pendingSince = now;
        if (triggered && !raised && !now.isBefore(pendingSince.plus(rule.delay()))) {
            String why = total < limit ? " (a single parameter scores 3)" : " >= " + limit;
            String incomplete = bed.news2Complete(now) ? "" : ", incomplete";
            present(total, limit, "NEWS2 " + total + why + incomplete, now);
        } else if (triggered && raised) {
            bed.conditionValue(rule.id(), total);
        } else if (raised) {
            absent(total, now);
        }
    }
}
