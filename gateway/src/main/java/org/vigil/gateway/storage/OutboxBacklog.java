package org.vigil.gateway.storage;

import java.time.Duration;
import java.time.Instant;

/**
 * The export backlog, for metrics.
 *
 * @param pending          entries not yet sent
 * @param parked           entries the server refused
 * @param oldestPendingAt  when the oldest pending entry was queued, {@code null} if none
 */
public record OutboxBacklog(long pending, long parked, Instant oldestPendingAt) {

    public Duration oldestAge(Instant now) {
        return oldestPendingAt == null ? Duration.ZERO : Duration.between(oldestPendingAt, now);
    }
}
