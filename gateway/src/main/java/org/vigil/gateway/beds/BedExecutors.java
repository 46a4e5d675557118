package org.vigil.gateway.beds;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Each bed's own executor: what runs there runs in order with the bed's readings. */
public interface BedExecutors {

    /** Runs a task on the bed's executor; a task handed over after the gateway stopped is dropped. */
    void run(BedState bed, Runnable task);

    /** Runs a task on the bed's executor and returns its result. */
    <T> CompletableFuture<T> call(BedState bed, Supplier<T> task);
}
