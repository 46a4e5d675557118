package org.vigil.alerting;

import java.time.Instant;
import org.vigil.alerting.profile.AlarmRule;

/** A run-time change of one bed's rule, for the gateway's audit log. */
public record RuleChange(String bedId, String ruleId, AlarmRule before, AlarmRule after,
                         String user, Instant at) {
}
