package org.vigil.gateway.health;

import java.util.Map;

/** What {@code GET /health} answers: the gateway's state as name and value pairs. */
@FunctionalInterface
public interface HealthReport {

    Map<String, Object> report();
}
