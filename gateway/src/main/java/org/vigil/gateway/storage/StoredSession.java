package org.vigil.gateway.storage;

import java.time.Instant;

/** A sign-in session as stored: the hash of its token, never the token. */
public record StoredSession(String tokenHash, String user, Instant started, Instant lastUsed) {
}
