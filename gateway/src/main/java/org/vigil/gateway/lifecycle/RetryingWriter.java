package org.vigil.gateway.lifecycle;

import com.google.common.util.concurrent.AbstractExecutionThreadService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes queued items in order on its own thread and keeps each one until it is written. While
 * writing fails (the database is away) the items wait here, in order, and are retried with a
 * backoff; the writer says once that it is failing and once that it writes again. A stop writes
 * what is still queued, for at most {@link #DRAIN_LIMIT}. Nothing is dropped because the store
 * was down, only, and loudly, when it stays down through a stop.
 *
 * @param <T> what is written
 */
public abstract class RetryingWriter<T> extends AbstractExecutionThreadService {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingWriter.class);

    public static final Duration FIRST_RETRY = Duration.ofMillis(250);
    public static final Duration LAST_RETRY = Duration.ofSeconds(2);
    /** How long a stop waits for the items still queued to be written. */
    public static final Duration DRAIN_LIMIT = Duration.ofSeconds(4);

    private final String name;
    private final LinkedBlockingDeque<T> pending = new LinkedBlockingDeque<>();
    private volatile boolean stopping;
    private boolean failing;

    /** @param name what is written to, for the log ("alarm log") */
    protected RetryingWriter(String name) {
        this.name = name;
    }

    /** Writes one item; throws when it cannot, and is called again with the same item later. */
    protected abstract void store(T item);

    /** Told on the writer's thread when writing starts failing; must not throw. */
    protected void failing(RuntimeException cause) {
    }

    /** Told on the writer's thread when writing works again after failing; must not throw. */
    protected void writing() {
    }

    /** Queues one item; never blocks. Items are accepted until the writer has stopped. */
    protected final void enqueue(T item) {
        pending.add(item);
    }

    /** Items queued and not yet written. */
    public final int backlog() {
        return pending.size();
    }

    @Override
    protected final void run() throws InterruptedException {
        Duration retry = FIRST_RETRY;
        while (!stopping) {
            T next = pending.poll(100, TimeUnit.MILLISECONDS);
            if (next == null) continue;
            if (tryWrite(next)) {
                retry = FIRST_RETRY;
                continue;
            }
            pending.addFirst(next);
            retry = waitToRetry(retry);
        }
    }

    @Override
    protected final void shutDown() throws InterruptedException {
        long drainEnds = System.nanoTime() + DRAIN_LIMIT.toNanos();
        Duration retry = FIRST_RETRY;
        T next;
        while ((next = pending.peek()) != null) {
            if (tryWrite(next)) {
                pending.poll();
                continue;
            }
            if (System.nanoTime() - drainEnds >= 0) {
                LOG.error("{} items could not be written to the {} before the gateway stopped; they are in this log: {}",
                        pending.size(), name, List.copyOf(pending));
                return;
            }
            retry = waitToRetry(retry);
        }
    }

    @Override
    protected final void triggerShutdown() {
        stopping = true;
    }

    @Override
    protected final String serviceName() {
        return name + " writer";
    }

    private boolean tryWrite(T item) {
        try {
            store(item);
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("The {} cannot be written ({}); {} items wait and are retried", name, e.getMessage(), pending.size() + 1);
                tell(() -> failing(e));
            }
            return false;
        }
        if (failing) {
            failing = false;
            LOG.info("The {} is written again; {} items still queued", name, pending.size());
            tell(this::writing);
        }
        return true;
    }

    private void tell(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("The {} writer's health listener failed: {}", name, e.toString());
        }
    }

    private static Duration waitToRetry(Duration retry) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(retry.toMillis());
        return retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
    }
}
