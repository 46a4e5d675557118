package org.vigil.gateway.storage;

import java.time.Instant;

/**
 * A lease taken by a gateway: its new epoch, the lease as it was before, and when it was taken
 * (the database's clock).
 */
public record Takeover(long epoch, Lease previous, Instant takenAt) {

    /** Whether another gateway held the lease before, so that monitoring stopped between its last renewal and now. */
    public boolean followsAnotherHolder() {
        return previous.holder() != null;
    }
}
