package org.vigil.gateway.http;

import java.time.Duration;

/** The caller must wait before trying again; answered with 429 and {@code Retry-After} (RFC 6585 §4). */
public final class TooManyRequestsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyRequestsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return wholeSeconds(retryAfter);
    }

    /** A wait rounded up to whole seconds, at least 1. */
    public static long wholeSeconds(Duration wait) {
        return Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
    }
}
