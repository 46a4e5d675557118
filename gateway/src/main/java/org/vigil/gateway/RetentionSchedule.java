package org.vigil.gateway;

import com.google.common.util.concurrent.AbstractScheduledService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the storage retention a minute after start and then daily; a failure is a storage failure. */
final class RetentionSchedule extends AbstractScheduledService {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);
    private static final Duration FIRST = Duration.ofMinutes(1);
    private static final Duration PERIOD = Duration.ofHours(24);

    private final IntSupplier retention;
    private final Consumer<RuntimeException> failed;

    /** @param retention applies the retention and returns how many samples it removed */
    RetentionSchedule(IntSupplier retention, Consumer<RuntimeException> failed) {
        this.retention = retention;
        this.failed = failed;
    }

    @Override
    protected void runOneIteration() {
        try {
            int removed = retention.getAsInt();
            if (removed > 0) LOG.info("Retention removed {} old samples", removed);
        } catch (RuntimeException e) {
            failed.accept(e);
        }
    }

    @Override
    protected Scheduler scheduler() {
        return Scheduler.newFixedDelaySchedule(FIRST.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected String serviceName() {
        return "retention";
    }
}
