package org.vigil.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** After a few wrong passwords in a row a user name is locked for a short while, against guessing. */
final class SignInThrottle {

    static final int FAILURES_BEFORE_LOCK = 5;
    static final Duration LOCK = Duration.ofSeconds(30);
    private static final int MAX_NAMES = 10_000;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the name stays locked; zero when it may try. */
    Duration lockedFor(String name) {
        Failures seen = failures.get(key(name));
        if (seen == null || seen.lockedUntil() == null) return Duration.ZERO;
        Duration left = Duration.between(clock.instant(), seen.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    void failed(String name) {
        if (failures.size() >= MAX_NAMES) failures.values().removeIf(seen -> seen.lockedUntil() == null);
        failures.compute(key(name), (key, seen) -> {
            int count = (seen == null || seen.lockedUntil() != null ? 0 : seen.count()) + 1;
            return count >= FAILURES_BEFORE_LOCK ? new Failures(0, clock.instant().plus(LOCK)) : new Failures(count, null);
        });
    }

    void succeeded(String name) {
        failures.remove(key(name));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
