package org.vigil.gateway.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs until SIGTERM or Ctrl-C (SIGINT), then stops what runs and returns, so the process exits 0:
 * a stop that was asked for is a clean stop, and service managers read a non-zero status as a
 * crash. Any other way the JVM ends still stops it, through a shutdown hook.
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    static void runUntilStopped(AutoCloseable running) throws InterruptedException {
        CountDownLatch asked = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> asked.countDown());
        Signal.handle(new Signal("INT"), signal -> asked.countDown());
        Thread hook = new Thread(() -> stop(running), "vigil-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        asked.await();
        Runtime.getRuntime().removeShutdownHook(hook);
        long started = System.nanoTime();
        LOG.info("Stopping");
        stop(running);
        LOG.info("Stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void stop(AutoCloseable running) {
        try {
            running.close();
        } catch (Exception e) {
            LOG.error("Stopping failed", e);
        }
    }
}
