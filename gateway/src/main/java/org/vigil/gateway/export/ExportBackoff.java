package org.vigil.gateway.export;

import java.time.Duration;

/** How long the exporter waits after failed attempts: initial * 2^(failures - 1), at most max. */
record ExportBackoff(Duration initial, Duration max) {

    static ExportBackoff of(ExportConfig config) {
        return new ExportBackoff(config.initialBackoff(), config.maxBackoff());
    }

    Duration after(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        Duration wait = initial.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
