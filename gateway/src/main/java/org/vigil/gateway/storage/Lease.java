package org.vigil.gateway.storage;

import java.time.Instant;

/**
 * The row of {@code gateway_lease}: who may watch the beds, until when (the database's clock).
 *
 * @param holder    {@code null} before any gateway took the lease
 * @param holderUrl the holder's public URL, where the dashboard finds it
 * @param epoch     raised by one at every takeover: the fencing token of the holder's writes
 */
public record Lease(String holder, String holderUrl, long epoch, Instant takenAt, Instant renewedAt, Instant expiresAt) {
}
