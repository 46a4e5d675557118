package org.vigil.gateway.fhir;

import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts the recorder's dropped tasks, failed writes and lost samples and tells the failure listener about each. */
final class RecorderFailures {

    private static final Logger LOG = LoggerFactory.getLogger(VitalsRecorder.class);

    private final Consumer<RuntimeException> listener;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong lostSamples = new AtomicLong();

    RecorderFailures(Consumer<RuntimeException> listener) {
        this.listener = listener;
    }

    long dropped() {
        return dropped.get();
    }

    long failedWrites() {
        return failedWrites.get();
    }

    long lostSamples() {
        return lostSamples.get();
    }

    void queueFull() {
        long count = dropped.incrementAndGet();
        if (count == 1 || count % 1000 == 0) LOG.error("Recorder queue full: {} tasks dropped", count);
        report(new IllegalStateException("recorder queue full, " + count + " tasks dropped"));
    }

    /** Samples taken in that will not be stored: their writes failed and they could not be kept for another try. */
    void samplesLost(int count) {
        long total = lostSamples.addAndGet(count);
        LOG.error("{} samples given up after a failed write: {} lost so far", count, total);
        report(new IllegalStateException(count + " samples not stored after a failed write, " + total + " lost so far"));
    }

    /**
     * Runs one write; a failure is counted and reported, never thrown.
     *
     * @return whether the write succeeded
     */
    boolean guarded(Runnable work) {
        try {
            work.run();
            return true;
        } catch (RuntimeException e) {
            failedWrites.incrementAndGet();
            LOG.warn("Recording failed: {}", e.getMessage());
            report(e);
            return false;
        }
    }

    /** A listener that throws must not abort the worker, least of all during the final flush. */
    private void report(RuntimeException failure) {
        try {
            listener.accept(failure);
        } catch (RuntimeException e) {
            LOG.warn("Recorder failure listener failed: {}", e.toString());
        }
    }
}
