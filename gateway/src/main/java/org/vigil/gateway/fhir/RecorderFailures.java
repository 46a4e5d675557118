package org.vigil.gateway.fhir;

import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts the recorder's dropped tasks and failed writes and tells the failure listener about each. */
final class RecorderFailures {

    private static final Logger LOG = LoggerFactory.getLogger(VitalsRecorder.class);

    private final Consumer<RuntimeException> listener;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();

    RecorderFailures(Consumer<RuntimeException> listener) {
        this.listener = listener;
    }

    long dropped() {
        return dropped.get();
    }

    long failedWrites() {
        return failedWrites.get();
    }

    void queueFull() {
        long count = dropped.incrementAndGet();
        if (count == 1 || count % 1000 == 0) LOG.error("Recorder queue full: {} tasks dropped", count);
        report(new IllegalStateException("recorder queue full, " + count + " tasks dropped"));
    }

    /** Runs one write; a failure is counted and reported, never thrown. */
    void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            failedWrites.incrementAndGet();
            LOG.warn("Recording failed: {}", e.getMessage());
            report(e);
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
