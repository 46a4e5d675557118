package org.vigil.drivers.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one device's work in submission order on a shared pool, one task at a time, so that a
 * protocol session sees a single thread of control and one busy device cannot reorder another.
 */
final class DeviceTaskQueue {

    private static final Logger log = LoggerFactory.getLogger(DeviceTaskQueue.class);
    /** Tasks run before the worker is handed back to the pool, so that other devices get a turn. */
    private static final int BATCH = 64;

    private final String deviceId;
    private final Executor workers;
    private final int capacity;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    DeviceTaskQueue(String deviceId, Executor workers, int capacity) {
        this.deviceId = deviceId;
        this.workers = workers;
        this.capacity = capacity;
    }

    /** Queues a task; {@code false} when the queue is full or the pool has shut down. */
    boolean offer(Runnable task) {
        synchronized (this) {
            if (tasks.size() >= capacity) {
                return false;
            }
            tasks.addLast(task);
            if (draining) {
                return true;
            }
            draining = true;
        }
        return schedule();
    }

    private boolean schedule() {
        try {
            workers.execute(this::drain);
            return true;
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                tasks.clear();
                draining = false;
            }
            return false;
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Runnable task;
            synchronized (this) {
                task = tasks.pollFirst();
                if (task == null) {
                    draining = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("work for device {} failed", deviceId, e);
            }
        }
        schedule();
    }
}
