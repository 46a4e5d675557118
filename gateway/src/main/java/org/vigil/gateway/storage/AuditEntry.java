package org.vigil.gateway.storage;

import java.time.Instant;
import java.util.Objects;

/** Who did what: a user's action, e.g. a limit change, an admission, an acknowledgement. */
public record AuditEntry(Instant time, String user, String action, String bedId, String details) {

    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(action, "action");
    }
}
