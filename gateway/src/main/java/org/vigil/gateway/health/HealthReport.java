package org.vigil.gateway.health;

import java.util.List;
import java.util.Map;

/** What {@code GET /health} answers: the gateway's state as name and value pairs. */
@FunctionalInterface
public interface HealthReport {

    Map<String, Object> report();

    /** The public URLs of an active/standby pair, whose pages may read this report from another origin. */
    default List<String> peers() {
        return List.of();
    }
}
