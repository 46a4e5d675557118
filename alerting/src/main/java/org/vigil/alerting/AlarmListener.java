package org.vigil.alerting;

import java.util.List;
import org.vigil.alerting.profile.AlarmRule;

/**
 * Receives every alarm state change and every change of a bed's audio pause, in order, on the
 * caller's thread. It must not call back into the engine from inside a notification: queue the
 * change (for storage, MQTT, the dashboard) and return.
 */
public interface AlarmListener {

    void alarmChanged(AlarmChange change);

    default void audioChanged(String bedId, AudioState audio) {
    }

    /**
     * A rule the engine changed by itself: a phase override of the profile taking effect or ending
     * at a phase boundary. {@code rulesInForce} are all the bed's rules after the change.
     */
    default void ruleChanged(RuleChange change, List<AlarmRule> rulesInForce) {
    }
}
