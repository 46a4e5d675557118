package org.vigil.gateway.storage;

import java.time.Instant;

/** One run of the gateway, from start to its last heartbeat. */
public record GatewayRun(long id, Instant startedAt, Instant lastSeenAt) {
}
