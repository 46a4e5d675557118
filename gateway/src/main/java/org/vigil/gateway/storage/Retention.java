package org.vigil.gateway.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The retention period ({@link StorageConfig#sampleRetention()}): samples, and export entries already sent, older than it go. */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final SampleRepository samples;
    private final OutboxRepository outbox;
    private final Duration period;
    private final Clock clock;

    public Retention(SampleRepository samples, OutboxRepository outbox, Duration period, Clock clock) {
        this.samples = Objects.requireNonNull(samples, "samples");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.period = Objects.requireNonNull(period, "period");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Deletes what is older than the period; returns the number of samples deleted. */
    public int apply() {
        Instant cutoff = clock.instant().minus(period);
        int deleted = samples.deleteBefore(cutoff);
        outbox.deleteSentBefore(cutoff);
        LOG.info("Retention applied: {} samples older than {} deleted", deleted, cutoff);
        return deleted;
    }
}
