package org.vigil.gateway.export;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.vigil.gateway.storage.OutboxBacklog;
import org.vigil.gateway.storage.OutboxEntry;
import org.vigil.gateway.storage.OutboxRepository;
import org.vigil.gateway.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.ha.Fence;

/**
 * Store-and-forward export to an external FHIR server. Takes the durable outbox in order and
 * sends it as transaction Bundles. Every entry is idempotent on the server, so a batch re-sent
 * after a crash or a lost response creates nothing twice:
 * <ul>
 *   <li>Observation: {@code POST} with {@code ifNoneExist=identifier=urn:vigil:observation|...}
 *       (conditional create; Observations never change);</li>
 *   <li>Patient and Device: {@code PUT Patient?identifier=urn:vigil:occupancy|...} (conditional
 *       update, which creates when absent), because an admission or a device that reports its
 *       identity later changes them;</li>
 *   <li>references from Observations become conditional references on those identifiers, since
 *       the server assigns its own ids.</li>
 * </ul>
 * While the server is unreachable, answers 5xx, 401/403, 408 or 429, the batch stays queued and is
 * retried with exponential backoff. Other 4xx answers are logged with the server's
 * OperationOutcome; a refused batch is re-sent one resource at a time so that only the refused
 * resources are parked and the others go through.
 *
 * <p>Runs on its own single thread; {@link #start()} and {@link #stop()}.
 */
public final class FhirExporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FhirExporter.class);

    private final OutboxRepository outbox;
    private final ExportConfig config;
    private final Clock clock;
    private final TransactionClient server;
    private final ExportBackoff backoff;
    private final Fence fence;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> next;
    private volatile ExportStatus status = new ExportStatus(0, null, null, 0, 0);

    public FhirExporter(OutboxRepository outbox, ExportConfig config, FhirContext fhirContext, Clock clock) {
        this(outbox, config, fhirContext, clock, Fence.SINGLE_NODE);
    }

    /** An exporter that sends nothing while {@code fence} forbids output (the lease of an active/standby pair). */
    public FhirExporter(OutboxRepository outbox, ExportConfig config, FhirContext fhirContext, Clock clock, Fence fence) {
        this.fence = Objects.requireNonNull(fence, "fence");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.server = new TransactionClient(config, Objects.requireNonNull(fhirContext, "fhirContext"));
        this.backoff = ExportBackoff.of(config);
    }

    public synchronized void start() {
        if (executor != null) return;
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread exportThread = new Thread(runnable, "vigil-fhir-export");
            exportThread.setDaemon(true);
            return exportThread;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = thread;
        schedule(Duration.ZERO);
        LOG.info("FHIR export to {} started", config.baseUrl());
    }

    /**
     * Stops after the batch in flight (at most the request timeout); what is not sent stays in the
     * outbox. The thread is not interrupted, since an interrupt can close an embedded database file.
     */
    public void stop() {
        ScheduledExecutorService executor;
        synchronized (this) {
            executor = this.executor;
            if (executor == null) return;
            this.executor = null;
            executor.shutdown();
        }
        try {
            if (!executor.awaitTermination(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                LOG.warn("FHIR export thread did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("FHIR export stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Looks at the outbox now instead of at the next poll, unless backing off. */
    public synchronized void nudge() {
        if (executor != null && status.consecutiveFailures() == 0 && next != null && next.cancel(false)) {
            schedule(Duration.ZERO);
        }
    }

    public ExportStatus status() {
        return status;
    }

    /** Backlog size and age of the oldest unsent entry, for metrics. */
    public OutboxBacklog backlog() {
        return outbox.backlog();
    }

    /** What one attempt did. */
    public enum Outcome {
        /** Nothing was pending. */
        IDLE,
        /** The batch was sent (refused resources, if any, parked). */
        SENT,
        /** The server could not be reached or failed; the batch stays queued. */
        RETRY,
        /** This gateway may have lost its lease: nothing was sent, and the outbox is as it was. */
        FENCED
    }

    /** Sends the next batch once, on the calling thread. The exporter's own thread calls this in a loop. */
    public Outcome exportOnce() {
        if (!fence.allowsOutput()) return Outcome.FENCED;
        List<OutboxEntry> batch = outbox.pending(config.batchSize());
        if (batch.isEmpty()) return Outcome.IDLE;
        if (!fence.allowsOutput()) return Outcome.FENCED;
        TransactionOutcome attempt = server.send(batch);
        switch (attempt.kind()) {
            case ACCEPTED -> accepted(batch);
            case RETRY -> {
                failed(batch, attempt.detail());
                return Outcome.RETRY;
            }
            case REFUSED -> {
                if (batch.size() == 1) {
                    refused(batch, attempt.detail());
                } else {
                    LOG.warn("FHIR server refused a batch of {}: {}; sending one by one", batch.size(), attempt.detail());
                    for (OutboxEntry entry : batch) {
                        if (!fence.allowsOutput()) return Outcome.FENCED;
                        TransactionOutcome single = server.send(List.of(entry));
                        if (single.kind() == TransactionOutcome.Kind.ACCEPTED) accepted(List.of(entry));
                        else if (single.kind() == TransactionOutcome.Kind.REFUSED) refused(List.of(entry), single.detail());
                        else {
                            failed(List.of(entry), single.detail());
                            return Outcome.RETRY;
                        }
                    }
                }
            }
        }
        return Outcome.SENT;
    }

    private void cycle() {
        Duration delay;
        try {
            Outcome outcome = exportOnce();
            delay = switch (outcome) {
                case SENT -> Duration.ZERO;
                case IDLE, FENCED -> config.pollInterval();
                case RETRY -> backoff.after(status.consecutiveFailures());
            };
        } catch (StorageException e) {
            status = new ExportStatus(status.consecutiveFailures() + 1, status.lastSuccessAt(), e.getMessage(),
                    status.sent(), status.parked());
            delay = backoff.after(status.consecutiveFailures());
        } catch (RuntimeException e) {
            LOG.error("FHIR export failed unexpectedly", e);
            status = new ExportStatus(status.consecutiveFailures() + 1, status.lastSuccessAt(), e.toString(),
                    status.sent(), status.parked());
            delay = backoff.after(status.consecutiveFailures());
        }
        schedule(delay);
    }

    private synchronized void schedule(Duration delay) {
        if (executor == null || executor.isShutdown()) return;
        next = executor.schedule(this::cycle, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The wait after this many failed attempts in a row; see {@link ExportBackoff}. */
    Duration backoff(int failures) {
        return backoff.after(failures);
    }

    private void accepted(List<OutboxEntry> entries) {
        outbox.markSent(seqs(entries));
        status = new ExportStatus(0, clock.instant(), status.lastError(), status.sent() + entries.size(), status.parked());
    }

    private void failed(List<OutboxEntry> entries, String detail) {
        int failures = status.consecutiveFailures() + 1;
        Instant nextAttempt = clock.instant().plus(backoff.after(failures));
        outbox.recordFailure(seqs(entries), detail, nextAttempt);
        if (failures == 1 || failures % 10 == 0) {
            LOG.warn("FHIR export failed ({} in a row), retrying: {}", failures, detail);
        }
        status = new ExportStatus(failures, status.lastSuccessAt(), detail, status.sent(), status.parked());
    }

    private void refused(List<OutboxEntry> entries, String detail) {
        OutboxEntry entry = entries.get(0);
        LOG.warn("FHIR server refused {} (outbox #{}), parked: {}", entry.resourceType(), entry.seq(), detail);
        outbox.park(seqs(entries), detail);
        status = new ExportStatus(0, status.lastSuccessAt(), detail, status.sent(), status.parked() + entries.size());
    }

    private static List<Long> seqs(List<OutboxEntry> entries) {
        List<Long> seqs = new ArrayList<>(entries.size());
        for (OutboxEntry entry : entries) seqs.add(entry.seq());
        return seqs;
    }
}
