package org.vigil.gateway.alarms;

import java.time.Instant;
import java.util.List;

/** The durable alarm log, read back. */
@FunctionalInterface
public interface AlarmHistory {

    /** The changes logged for a bed since a time, oldest first, at most {@code limit}. */
    List<AlarmView> history(String bedId, Instant since, int limit);
}
