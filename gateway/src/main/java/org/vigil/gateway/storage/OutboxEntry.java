package org.vigil.gateway.storage;

import java.time.Instant;

/** One resource waiting for, or done with, export to the external FHIR server. */
public record OutboxEntry(long seq, String resourceType, String resourceId, String resourceJson, State state,
                          int attempts, String lastError, Instant createdAt, Instant nextAttemptAt) {

    public enum State {
        PENDING,
        SENT,
        /** Refused by the server (4xx): kept with the server's answer, not retried by itself. */
        PARKED
    }
}
