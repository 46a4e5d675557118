package org.vigil.gateway.alarms;

import org.vigil.gateway.lifecycle.RetryingWriter;

/**
 * Writes every alarm change to the alarm log, in order, on its own thread, and keeps each change
 * until it is written. While the log cannot be written (the database is away) the changes wait
 * here, in order, and the writer says so once; when the log is writable again they are written
 * and the writer says that too ({@link RetryingWriter}). An alarm change is never dropped because
 * the database was down.
 */
public final class AlarmLogWriter extends RetryingWriter<AlarmView> {

    /** Told when writing starts failing and when it works again; called on the writer's thread. */
    public interface Health {
        void failing(RuntimeException cause);

        void writing();
    }

    private final AlarmLog log;
    private volatile Health health = new Health() {
        @Override
        public void failing(RuntimeException cause) {
        }

        @Override
        public void writing() {
        }
    };

    public AlarmLogWriter(AlarmLog log) {
        super("alarm log");
        this.log = log;
    }

    /** Set before the writer starts. */
    public void reportTo(Health health) {
        this.health = health;
    }

    /** Queues one change; never blocks. Changes are accepted until the writer has stopped. */
    public void write(AlarmView change) {
        enqueue(change);
    }

    @Override
    protected void store(AlarmView change) {
        log.record(change);
    }

    @Override
    protected void failing(RuntimeException cause) {
        health.failing(cause);
    }

    @Override
    protected void writing() {
        health.writing();
    }
}
