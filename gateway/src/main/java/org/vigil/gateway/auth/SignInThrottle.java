package org.vigil.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows guessing without locking anyone out (OWASP Authentication Cheat Sheet, "Account lockout":
 * a lock a stranger can trigger denies the real user service). After a few wrong passwords each
 * further try waits a delay that doubles with every failure: per user name up to
 * {@link #NAME_MAX_DELAY}, so staff wait seconds at worst whatever anyone else sends; per client
 * address up to {@link #ADDRESS_MAX_DELAY}, which is where a guesser is held back. Failures are
 * forgotten after {@link #FORGET_AFTER} without one.
 */
final class SignInThrottle {

    static final int FREE_FAILURES_PER_NAME = 3;
    static final int FREE_FAILURES_PER_ADDRESS = 10;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration NAME_MAX_DELAY = Duration.ofSeconds(10);
    static final Duration ADDRESS_MAX_DELAY = Duration.ofMinutes(5);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    private static final int MAX_KEYS = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> byName = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final Clock clock;

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long a try for this name from this address must still wait; zero when it may try now. */
    Duration waitFor(String name, String address) {
        Instant now = clock.instant();
        Duration forName = remaining(byName.get(key(name)), FREE_FAILURES_PER_NAME, NAME_MAX_DELAY, now);
        Duration forAddress = remaining(byAddress.get(address), FREE_FAILURES_PER_ADDRESS, ADDRESS_MAX_DELAY, now);
        return forName.compareTo(forAddress) >= 0 ? forName : forAddress;
    }

    void failed(String name, String address) {
        Instant now = clock.instant();
        count(byName, key(name), now);
        count(byAddress, address, now);
    }

    /** The right password clears the name's failures; the address's are forgotten only with time. */
    void succeeded(String name) {
        byName.remove(key(name));
    }

    private void count(Map<String, Failures> failures, String key, Instant now) {
        if (failures.size() >= MAX_KEYS) failures.values().removeIf(seen -> forgotten(seen, now));
        failures.compute(key, (k, seen) -> new Failures(seen == null || forgotten(seen, now) ? 1 : seen.count() + 1, now));
    }

    private static Duration remaining(Failures seen, int free, Duration max, Instant now) {
        if (seen == null || seen.count() <= free || forgotten(seen, now)) return Duration.ZERO;
        Duration left = Duration.between(now, seen.last().plus(delay(seen.count() - free, max)));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** {@link #FIRST_DELAY} after the first failure past the free ones, doubling, at most {@code max}. */
    static Duration delay(int failuresPastFree, Duration max) {
        int doublings = Math.min(failuresPastFree - 1, 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private static boolean forgotten(Failures seen, Instant now) {
        return seen.last().plus(FORGET_AFTER).isBefore(now);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
