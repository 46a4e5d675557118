package org.vigil.gateway.alarms;

import java.time.Instant;
import java.util.List;
import org.vigil.alerting.RuleChange;

/** The durable record of alarms and of who changed what: it must survive restarts. */
public interface AlarmLog extends AlarmHistory {

    /** Appends one alarm state change; throws if it could not be stored. */
    void record(AlarmView change);

    /** Appends a limit change with who made it. */
    void recordRuleChange(RuleChange change);

    /** Appends any other audited action (acknowledge, audio pause, assessment, admission...). */
    void audit(String user, String action, String bedId, String details);

    /** The last state of every alarm that had not ended when the gateway stopped. */
    List<AlarmView> unended();

    /** What happened to the alarms of a bed since a time, oldest first, at most {@code limit} changes. */
    List<AlarmView> history(String bedId, Instant since, int limit);
}
