package org.vigil.gateway.alarms;

import com.google.common.util.concurrent.AbstractExecutionThreadService;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every alarm change to the alarm log, in order, on its own thread, and keeps each change
 * until it is written. While the log cannot be written (the database is away) the changes wait
 * here, in order, and the writer says so once; when the log is writable again they are written
 * and the writer says that too. An alarm change is never dropped because the database was down.
 */
public final class AlarmLogWriter extends AbstractExecutionThreadService {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmLogWriter.class);

    /** Told when writing starts failing and when it works again; called on the writer's thread. */
    public interface Health {
        void failing(RuntimeException cause);

        void writing();
    }

    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration LAST_RETRY = Duration.ofSeconds(2);
    /** How long a stop waits for the changes still queued to be written. */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(4);

    private final AlarmLog log;
    private final LinkedBlockingDeque<AlarmView> pending = new LinkedBlockingDeque<>();
    private volatile Health health = new Health() {
        @Override
        public void failing(RuntimeException cause) {
        }

        @Override
        public void writing() {
        }
    };
    private volatile boolean stopping;
    private boolean failing;

    public AlarmLogWriter(AlarmLog log) {
        this.log = log;
    }

    /** Set before the writer starts. */
    public void reportTo(Health health) {
        this.health = health;
    }

    /** Queues one change; never blocks. Changes are accepted until the writer has stopped. */
    public void write(AlarmView change) {
        pending.add(change);
    }

    /** Changes queued and not yet written. */
    public int backlog() {
        return pending.size();
    }

    @Override
    protected void run() throws InterruptedException {
        Duration retry = FIRST_RETRY;
        while (!stopping) {
            AlarmView next = pending.poll(100, TimeUnit.MILLISECONDS);
            if (next == null) continue;
            if (tryWrite(next)) {
                retry = FIRST_RETRY;
                continue;
            }
            pending.addFirst(next);
            retry = waitToRetry(retry);
        }
    }

    /** Writes what is still queued, for at most {@link #DRAIN_LIMIT} if the log cannot be written. */
    @Override
    protected void shutDown() throws InterruptedException {
        long drainEnds = System.nanoTime() + DRAIN_LIMIT.toNanos();
        Duration retry = FIRST_RETRY;
        AlarmView next;
        while ((next = pending.peek()) != null) {
            if (tryWrite(next)) {
                pending.poll();
                continue;
            }
            if (System.nanoTime() - drainEnds >= 0) {
                LOG.error("{} alarm changes could not be written to the alarm log before the gateway stopped; "
                        + "they are in this log: {}", pending.size(), pending);
                return;
            }
            retry = waitToRetry(retry);
        }
    }

    private static Duration waitToRetry(Duration retry) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(retry.toMillis());
        return retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
    }

    private boolean tryWrite(AlarmView change) {
        try {
            log.record(change);
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Alarm log cannot be written ({}); {} changes wait and are retried", e.getMessage(), pending.size() + 1);
                tell(() -> health.failing(e));
            }
            return false;
        }
        if (failing) {
            failing = false;
            LOG.info("Alarm log written again; {} changes still queued", pending.size());
            tell(() -> health.writing());
        }
        return true;
    }

    private static void tell(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("Alarm log health listener failed: {}", e.toString());
        }
    }

    @Override
    protected void triggerShutdown() {
        stopping = true;
    }

    @Override
    protected String serviceName() {
        return "alarm log writer";
    }
}
