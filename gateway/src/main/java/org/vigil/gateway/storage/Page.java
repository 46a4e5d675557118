package org.vigil.gateway.storage;

import java.util.List;

/** One page of results, and whether there are more after it. */
public record Page<T>(List<T> items, boolean hasMore) {
}
