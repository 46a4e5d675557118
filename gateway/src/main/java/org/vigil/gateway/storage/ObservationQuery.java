package org.vigil.gateway.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A search over stored Observations. Null criteria do not restrict.
 *
 * @param subject    e.g. {@code Patient/occ-...}
 * @param codeSystem with {@code code}; {@code null} matches the code in any system
 * @param notBefore  effective time at or after, inclusive
 * @param notAfter   effective time at or before, inclusive
 * @param offset     results to skip, for paging
 * @param count      page size
 */
public record ObservationQuery(String subject, String codeSystem, String code, Instant notBefore, Instant notAfter,
                               int offset, int count) {

    public ObservationQuery {
        if (codeSystem != null) Objects.requireNonNull(code, "code with codeSystem");
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        if (count < 1) throw new IllegalArgumentException("count must be at least 1");
    }
}
