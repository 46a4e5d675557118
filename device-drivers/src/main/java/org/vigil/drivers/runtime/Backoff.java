package org.vigil.drivers.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential reconnect delay: the initial delay after the first failure, doubling after each
 * further one up to the maximum.
 */
public record Backoff(Duration initial, Duration maximum) {

    /** 0.5 s doubling to 10 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(maximum, "maximum");
        if (initial.isNegative() || initial.isZero() || maximum.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= maximum, got " + initial + " and " + maximum);
        }
    }

    /** The delay before the next attempt after {@code failures} consecutive failures (at least 1). */
    public Duration delayAfter(int failures) {
        Duration delay = initial;
        for (int i = 1; i < failures && delay.compareTo(maximum) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maximum) > 0 ? maximum : delay;
    }
}
