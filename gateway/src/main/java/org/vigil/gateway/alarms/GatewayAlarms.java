package org.vigil.gateway.alarms;

import com.google.common.util.concurrent.AbstractIdleService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.vigil.alerting.AlarmEngine;

/**
 * The one thread on which the gateway's own alarms ({@link AlarmEngine#GATEWAY}) change. Once it
 * has stopped, a condition reported while the gateway shuts down is still evaluated, on the
 * reporting thread, so that its change reaches the alarm log.
 */
final class GatewayAlarms extends AbstractIdleService {

    private final AlarmEngine engine;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-gateway-alarms");
        t.setDaemon(true);
        return t;
    });

    GatewayAlarms(AlarmEngine engine) {
        this.engine = engine;
    }

    void run(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException stopped) {
            runAfterStop(task);
        }
    }

    <T> CompletableFuture<T> call(Supplier<T> task) {
        try {
            return CompletableFuture.supplyAsync(task, thread);
        } catch (RejectedExecutionException stopped) {
            CompletableFuture<T> done = new CompletableFuture<>();
            runAfterStop(() -> done.complete(task.get()));
            return done;
        }
    }

    private void runAfterStop(Runnable task) {
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (engine) {
            task.run();
        }
    }

    @Override
    protected void startUp() {
    }

    /** Runs what was handed over before the stop. */
    @Override
    protected void shutDown() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    protected String serviceName() {
        return "gateway alarms";
    }
}
