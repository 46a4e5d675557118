package org.vigil.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A ward clock that runs {@code scale} times faster than its base clock from an anchor instant:
 * a simulated two-hour session plays in minutes. At the anchor both clocks read the same.
 *
 * <p>Only the patient's time is scaled: what a device's wire needs (silence detection, reconnect
 * backoff, socket timeouts) keeps running on the base clock, and {@link #toScaled(Instant)} maps an
 * instant of the base clock onto this one.
 */
public final class ScaledClock extends Clock {

    private final Clock base;
    private final Instant anchor;
    private final double scale;

    /** A clock that starts now on {@code base} and runs {@code scale} times faster. */
    public static ScaledClock startingNow(Clock base, double scale) {
        return new ScaledClock(base, base.instant(), scale);
    }

    public ScaledClock(Clock base, Instant anchor, double scale) {
        this.base = Objects.requireNonNull(base, "base");
        this.anchor = Objects.requireNonNull(anchor, "anchor");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("time scale must be a positive number, got " + scale);
        }
        this.scale = scale;
    }

    /** The clock the wire runs on. */
    public Clock base() {
        return base;
    }

    public double scale() {
        return scale;
    }

    /** The instant of this clock at {@code baseInstant} of the base clock. */
    public Instant toScaled(Instant baseInstant) {
        long nanos = Duration.between(anchor, baseInstant).toNanos();
        return anchor.plusNanos(Math.round(nanos * scale));
    }

    /** How long {@code scaled} of this clock's time takes on the base clock. */
    public Duration toBase(Duration scaled) {
        return Duration.ofNanos(Math.round(scaled.toNanos() / scale));
    }

    @Override
    public Instant instant() {
        return toScaled(base.instant());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ScaledClock(base.withZone(zone), anchor, scale);
    }

    @Override
    public String toString() {
        return "ScaledClock[" + scale + "x " + base + " from " + anchor + "]";
    }
}
