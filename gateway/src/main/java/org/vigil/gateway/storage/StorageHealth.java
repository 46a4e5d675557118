package org.vigil.gateway.storage;

import java.time.Instant;

/**
 * Whether storage works, for the health endpoint and the technical alarm "storage failing".
 *
 * @param consecutiveFailures operations that failed since the last one that succeeded
 * @param totalFailures       operations that failed since storage was opened
 * @param lastFailureAt       when the last failure happened, {@code null} if never
 * @param lastFailure         what failed, {@code null} if never
 */
public record StorageHealth(int consecutiveFailures, long totalFailures, Instant lastFailureAt, String lastFailure) {

    /** Whether the last operation succeeded. */
    public boolean isHealthy() {
        return consecutiveFailures == 0;
    }
}
