package org.vigil.alerting;

import java.time.Instant;
import org.vigil.alerting.profile.AlarmRule;

/** Decides when one rule's alarm condition is present for one bed and tells the bed. */
abstract class Detector {

    final BedAlarms bed;
    /** The bed has been told the condition is present and not yet that it ended. */
    boolean raised;

    Detector(BedAlarms bed) {
        this.bed = bed;
    }

    abstract AlarmRule rule();

    /** Time passes: timers, schedules and staleness. */
    void tick(Instant now) {
    }

    /** After a restart the condition of a restored alarm is taken as present until data says otherwise. */
    void assumeRaised() {
        raised = true;
    }

    final void present(double value, double limit, String message, Instant now) {
        raised = true;
        bed.conditionPresent(rule(), value, limit, message, now);
    }

    final void absent(double value, Instant now) {
        raised = false;
        bed.conditionAbsent(rule().id(), value, now);
    }
}
