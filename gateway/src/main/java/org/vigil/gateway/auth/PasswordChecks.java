package org.vigil.gateway.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.vigil.gateway.http.TooManyRequestsException;

/**
 * Runs the bcrypt checks (about a quarter of a second each at cost 12) on threads of their own, so
 * that requests that need none, such as {@code /health} or a signed-in page, never wait behind
 * them. At most {@link #PER_ADDRESS} checks per client address are waiting or running, and at most
 * {@link #QUEUE} in all; a check beyond either is answered at once with 429.
 */
final class PasswordChecks implements AutoCloseable {

    static final int THREADS = 2;
    static final int QUEUE = 32;
    static final int PER_ADDRESS = 2;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "password-check");
                thread.setDaemon(true);
                return thread;
            });

    /** Runs {@code check} for {@code address}, or fails at once with {@link TooManyRequestsException}. */
    CompletableFuture<Optional<User>> submit(String address, Supplier<Optional<User>> check) {
        AtomicInteger count = inFlight.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() > PER_ADDRESS) {
            release(address, count);
            return CompletableFuture.failedFuture(new TooManyRequestsException(
                    "a password check from this address is already running; try again shortly", RETRY));
        }
        try {
            return CompletableFuture.supplyAsync(check, executor).whenComplete((user, error) -> release(address, count));
        } catch (RejectedExecutionException e) {
            release(address, count);
            return CompletableFuture.failedFuture(new TooManyRequestsException(
                    "too many sign-ins at once; try again shortly", RETRY));
        }
    }

    private void release(String address, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) inFlight.remove(address, count);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
