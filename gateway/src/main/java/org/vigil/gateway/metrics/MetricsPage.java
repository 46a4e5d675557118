package org.vigil.gateway.metrics;

/** The gateway's meters in the Prometheus text format. */
@FunctionalInterface
public interface MetricsPage {

    String scrape();
}
