package org.vigil.simulators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.model.ScaledClock;

/**
 * Drives one {@link DeviceSimulator} on its own thread: calls {@code tick} once per frame interval
 * at the scheduled instants, and hands it the bytes the host sent. All calls into the simulator
 * happen on that thread. When the thread falls behind it runs the missed ticks in a batch, up to
 * {@link #MAX_BATCH}; beyond that it skips ahead, as a real device's frame timer would.
 */
public final class SimulatorRunner {

    static final int MAX_BATCH = 50;
    private static final Duration STOP_WAIT = Duration.ofMillis(900);
    private static final Logger log = LoggerFactory.getLogger(SimulatorRunner.class);

    private final DeviceSimulator simulator;
    private final Clock clock;
    private final Function<Instant, PatientState> patient;
    private final FrameOutput out;
    private final Duration interval;
    private final String name;
    private ScheduledExecutorService executor;
    private volatile boolean running;
    private Instant nextTick;
    private long ticks;
    private long skippedTicks;
    private long failures;

    /**
     * @param patient the patient at a given instant; called on the runner's thread before every tick
     */
    public SimulatorRunner(String name, DeviceSimulator simulator, Clock clock,
                           Function<Instant, PatientState> patient, FrameOutput out) {
        this.name = Objects.requireNonNull(name, "name");
        this.simulator = Objects.requireNonNull(simulator, "simulator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.patient = Objects.requireNonNull(patient, "patient");
        this.out = Objects.requireNonNull(out, "out");
        this.interval = simulator.frameInterval();
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("frame interval must be positive, got " + interval);
        }
    }

    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("already started");
        }
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "simulator-" + name);
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        executor = pool;
        running = true;
        nextTick = clock.instant();
        executor.execute(this::pass);
    }

    /** Runs {@code task} on the simulator's thread (after the tick in progress). */
    public void execute(Runnable task) {
        ScheduledExecutorService current = executor;
        if (current == null || !running) {
            return;
        }
        try {
            current.execute(() -> {
                if (running) {
                    task.run();
                }
            });
        } catch (RejectedExecutionException stopping) {
            log.debug("simulator {} is stopping; task dropped", name);
        }
    }

    /** Bytes the host sent; delivered to the simulator's {@code received} on its thread. */
    public void hostBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        execute(() -> guarded(() -> {
            Instant now = clock.instant();
            simulator.received(copy, now, patient.apply(now), out);
        }));
    }

    /** Stops ticking; returns once the simulator's thread has finished, within about a second. */
    public void stop() {
        ScheduledExecutorService current;
        synchronized (this) {
            running = false;
            current = executor;
        }
        if (current == null) {
            return;
        }
        current.shutdownNow();
        try {
            if (!current.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("simulator {} did not stop within {}", name, STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Ticks run so far. */
    public long ticks() {
        return ticks;
    }

    /** Ticks dropped because the thread was more than {@link #MAX_BATCH} intervals late. */
    public long skippedTicks() {
        return skippedTicks;
    }

    /**
     * Runs every tick due at the clock's current instant and returns how many ran. Called by the
     * runner's own thread; tests with a hand-moved clock call it directly instead of {@link #start}.
     */
    int runDueTicks() {
        Instant now = clock.instant();
        if (nextTick == null) {
            nextTick = now;
        }
        int ran = 0;
        while (!nextTick.isAfter(now) && ran < MAX_BATCH && !Thread.currentThread().isInterrupted()) {
            Instant at = nextTick;
            guarded(() -> simulator.tick(at, patient.apply(at), out));
            nextTick = nextTick.plus(interval);
            ran++;
            ticks++;
        }
        if (nextTick.isBefore(now)) {
            long behind = Duration.between(nextTick, now).toNanos() / interval.toNanos() + 1;
            skippedTicks += behind;
            nextTick = nextTick.plus(interval.multipliedBy(behind));
        }
        return ran;
    }

    private void pass() {
        if (!running) {
            return;
        }
        runDueTicks();
        Duration untilNext = Duration.between(clock.instant(), nextTick);
        // a device on a scaled ward clock ticks at its frame interval of that clock
        if (clock instanceof ScaledClock scaled) untilNext = scaled.toBase(untilNext);
        long delay = Math.max(0, untilNext.toNanos());
        try {
            executor.schedule(this::pass, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("simulator {} stopped", name);
        }
    }

    private void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            failures++;
            if (failures == 1 || failures % 1000 == 0) {
                log.warn("simulator {} failed ({} failures so far)", name, failures, e);
            }
        }
    }
}
