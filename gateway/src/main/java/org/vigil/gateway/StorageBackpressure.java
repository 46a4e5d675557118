package org.vigil.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.drivers.runtime.IntakeGate;

/**
 * Slows the device intake while storage is behind, so that a burst is stored in full instead of
 * overflowing the recorder's queue. The backlog is what waits on the bed executors plus what waits
 * for the recorder; at {@code high} the intake waits until it is back under {@code low}.
 *
 * <p>Monitoring comes first: the wait ends after {@code maxStall} in which storage finished
 * nothing (a database that hangs must not stop the alarms), and the intake is not held again until
 * storage finishes something. What the recorder then cannot keep is counted and raises the
 * storage-failing technical alarm, as before.
 */
final class StorageBackpressure implements IntakeGate {

    private static final Logger LOG = LoggerFactory.getLogger(StorageBackpressure.class);
    private static final Duration POLL = Duration.ofMillis(1);

    private final IntSupplier backlog;
    private final LongSupplier progress;
    private final int high;
    private final int low;
    private final long maxStallNanos;
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();
    /** The progress count at the last stall: until storage moves past it, the intake is not held again. */
    private volatile long stalledAt = -1;

    /**
     * @param backlog  readings taken in and not yet stored
     * @param progress a count that moves whenever storage finishes work
     */
    StorageBackpressure(IntSupplier backlog, LongSupplier progress, int high, int low, Duration maxStall) {
        if (low <= 0 || low > high) throw new IllegalArgumentException("need 0 < low <= high, got " + low + " and " + high);
        this.backlog = backlog;
        this.progress = progress;
        this.high = high;
        this.low = low;
        this.maxStallNanos = maxStall.toNanos();
    }

    @Override
    public void awaitRoom() {
        if (backlog.getAsInt() < high) return;
        long seen = progress.getAsLong();
        if (seen == stalledAt) return;
        waits.incrementAndGet();
        long movedAt = System.nanoTime();
        while (backlog.getAsInt() >= low) {
            LockSupport.parkNanos(POLL.toNanos());
            long now = System.nanoTime();
            long current = progress.getAsLong();
            if (current != seen) {
                seen = current;
                movedAt = now;
            } else if (now - movedAt >= maxStallNanos) {
                stalledAt = current;
                long count = stalls.incrementAndGet();
                if (count == 1 || count % 100 == 0) {
                    LOG.warn("Storage finished nothing for {} ms with {} readings waiting; intake no longer held ({} times)",
                            maxStallNanos / 1_000_000, backlog.getAsInt(), count);
                }
                return;
            }
        }
    }

    /** Times the intake had to wait for storage. */
    long waits() {
        return waits.get();
    }

    /** Times storage stalled for longer than the intake may be held. */
    long stalls() {
        return stalls.get();
    }
}
