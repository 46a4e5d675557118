package org.vigil.drivers.runtime;

import java.time.Duration;
import java.util.Objects;

/** Exponential reconnect delay: doubles after every failed attempt up to a ceiling. */
public final class Backoff {

    /** 0.5 s doubling to 10 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

    private final Duration initial;
    private final Duration maximum;
    private Duration next;

    public Backoff(Duration initial, Duration maximum) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.maximum = Objects.requireNonNull(maximum, "maximum");
        if (initial.isNegative() || initial.isZero() || maximum.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= maximum, got " + initial + " and " + maximum);
        }
        this.next = initial;
    }

    /** A fresh backoff with the same bounds; each driver keeps its own. */
    public Backoff copy() {
        return new Backoff(initial, maximum);
    }

    /** The delay before the next attempt; the one after it is twice as long, up to the maximum. */
    public synchronized Duration next() {
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(maximum) > 0 ? maximum : doubled;
        return delay;
    }

    /** The device streamed: the next outage starts from the initial delay again. */
    public synchronized void reset() {
        next = initial;
    }

    public Duration initial() {
        return initial;
    }

    public Duration maximum() {
        return maximum;
    }
}
