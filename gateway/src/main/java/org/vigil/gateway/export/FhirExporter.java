package org.vigil.gateway.export;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
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
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.vigil.gateway.fhir.FhirCodes;
import org.vigil.gateway.storage.OutboxBacklog;
import org.vigil.gateway.storage.OutboxEntry;
import org.vigil.gateway.storage.OutboxRepository;
import org.vigil.gateway.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final String FHIR_JSON = "application/fhir+json";

    private final OutboxRepository outbox;
    private final ExportConfig config;
    private final FhirContext fhirContext;
    private final Clock clock;
    private final HttpClient http;
    private final URI transactionUrl;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> next;
    private volatile ExportStatus status = new ExportStatus(0, null, null, 0, 0);

    public FhirExporter(OutboxRepository outbox, ExportConfig config, FhirContext fhirContext, Clock clock) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.config = Objects.requireNonNull(config, "config");
        this.fhirContext = Objects.requireNonNull(fhirContext, "fhirContext");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
        String base = config.baseUrl().toString();
        this.transactionUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
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
        RETRY
    }

    /** Sends the next batch once, on the calling thread. The exporter's own thread calls this in a loop. */
    public Outcome exportOnce() {
        List<OutboxEntry> batch = outbox.pending(config.batchSize());
        if (batch.isEmpty()) return Outcome.IDLE;
        Attempt attempt = send(batch);
        switch (attempt.kind) {
            case ACCEPTED -> accepted(batch);
            case RETRY -> {
                failed(batch, attempt.detail);
                return Outcome.RETRY;
            }
            case REFUSED -> {
                if (batch.size() == 1) {
                    refused(batch, attempt.detail);
                } else {
                    LOG.warn("FHIR server refused a batch of {}: {}; sending one by one", batch.size(), attempt.detail);
                    for (OutboxEntry entry : batch) {
                        Attempt single = send(List.of(entry));
                        if (single.kind == Kind.ACCEPTED) accepted(List.of(entry));
                        else if (single.kind == Kind.REFUSED) refused(List.of(entry), single.detail);
                        else {
                            failed(List.of(entry), single.detail);
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
                case IDLE -> config.pollInterval();
                case RETRY -> backoff(status.consecutiveFailures());
            };
        } catch (StorageException e) {
            status = new ExportStatus(status.consecutiveFailures() + 1, status.lastSuccessAt(), e.getMessage(),
                    status.sent(), status.parked());
            delay = backoff(status.consecutiveFailures());
        } catch (RuntimeException e) {
            LOG.error("FHIR export failed unexpectedly", e);
            status = new ExportStatus(status.consecutiveFailures() + 1, status.lastSuccessAt(), e.toString(),
                    status.sent(), status.parked());
            delay = backoff(status.consecutiveFailures());
        }
        schedule(delay);
    }

    private synchronized void schedule(Duration delay) {
        if (executor == null || executor.isShutdown()) return;
        next = executor.schedule(this::cycle, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** initialBackoff * 2^(failures - 1), at most maxBackoff. */
    Duration backoff(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        Duration wait = config.initialBackoff().multipliedBy(1L << doublings);
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private void accepted(List<OutboxEntry> entries) {
        outbox.markSent(seqs(entries));
        status = new ExportStatus(0, clock.instant(), status.lastError(), status.sent() + entries.size(), status.parked());
    }

    private void failed(List<OutboxEntry> entries, String detail) {
        int failures = status.consecutiveFailures() + 1;
        Instant nextAttempt = clock.instant().plus(backoff(failures));
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

    private enum Kind { ACCEPTED, RETRY, REFUSED }

    private record Attempt(Kind kind, String detail) {
    }

    private Attempt send(List<OutboxEntry> entries) {
        String body;
        try {
            body = fhirContext.newJsonParser().encodeResourceToString(transaction(entries));
        } catch (RuntimeException e) {
            return new Attempt(Kind.REFUSED, "cannot encode: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(transactionUrl)
                .timeout(config.requestTimeout())
                .header("Content-Type", FHIR_JSON + "; charset=utf-8")
                .header("Accept", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (config.authorizationHeader() != null) request.header("Authorization", config.authorizationHeader());
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Attempt(Kind.RETRY, "cannot reach " + config.baseUrl() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Kind.RETRY, "interrupted");
        }
        int code = response.statusCode();
        if (code >= 200 && code < 300) return new Attempt(Kind.ACCEPTED, null);
        String detail = "HTTP " + code + ": " + outcomeText(response.body());
        boolean retryable = code >= 500 || code == 401 || code == 403 || code == 407 || code == 408 || code == 429 || code < 400;
        return new Attempt(retryable ? Kind.RETRY : Kind.REFUSED, detail);
    }

    private Bundle transaction(List<OutboxEntry> entries) {
        IParser parser = fhirContext.newJsonParser();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (OutboxEntry entry : entries) {
            Resource resource = (Resource) parser.parseResource(entry.resourceJson());
            Bundle.BundleEntryComponent bundleEntry = bundle.addEntry();
            bundleEntry.setFullUrl("urn:uuid:" + java.util.UUID.nameUUIDFromBytes(
                    (entry.resourceType() + "/" + entry.resourceId()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Identifier key = keyIdentifier(resource);
            String condition = "identifier=" + key.getSystem() + "|" + key.getValue();
            resource.setId((String) null);
            if (resource instanceof Observation observation) {
                conditional(observation.getSubject(), "Patient");
                conditional(observation.getDevice(), "Device");
                bundleEntry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation").setIfNoneExist(condition);
            } else {
                bundleEntry.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(entry.resourceType() + "?" + condition);
            }
            bundleEntry.setResource(resource);
        }
        return bundle;
    }

    private static Identifier keyIdentifier(IBaseResource resource) {
        String system = switch (resource.fhirType()) {
            case "Observation" -> FhirCodes.OBSERVATION_IDENTIFIER;
            case "Patient" -> FhirCodes.OCCUPANCY_IDENTIFIER;
            case "Device" -> FhirCodes.DEVICE_IDENTIFIER;
            default -> throw new IllegalArgumentException("cannot export " + resource.fhirType());
        };
        List<Identifier> identifiers = switch (resource.fhirType()) {
            case "Observation" -> ((Observation) resource).getIdentifier();
            case "Patient" -> ((org.hl7.fhir.r4.model.Patient) resource).getIdentifier();
            default -> ((org.hl7.fhir.r4.model.Device) resource).getIdentifier();
        };
        return identifiers.stream().filter(i -> system.equals(i.getSystem())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(resource.fhirType() + " has no " + system + " identifier"));
    }

    /** Patient/occ-1 with identifier urn:vigil:occupancy|occ-1 becomes Patient?identifier=urn:vigil:occupancy|occ-1. */
    private static void conditional(Reference reference, String type) {
        if (!reference.hasIdentifier()) return;
        Identifier identifier = reference.getIdentifier();
        reference.setReference(type + "?identifier=" + identifier.getSystem() + "|" + identifier.getValue());
        reference.setIdentifier(null);
    }

    private String outcomeText(String body) {
        if (body == null || body.isBlank()) return "(no body)";
        try {
            IBaseResource parsed = fhirContext.newJsonParser().parseResource(body);
            if (parsed instanceof OperationOutcome outcome) {
                List<String> issues = new ArrayList<>();
                for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
                    String text = issue.hasDiagnostics() ? issue.getDiagnostics() : issue.getDetails().getText();
                    issues.add(issue.getSeverity().toCode() + " " + issue.getCode().toCode() + ": " + text);
                }
                return "OperationOutcome " + String.join("; ", issues);
            }
        } catch (RuntimeException e) {
            LOG.debug("Answer is not a FHIR resource: {}", e.getMessage());
        }
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }

    private static List<Long> seqs(List<OutboxEntry> entries) {
        List<Long> seqs = new ArrayList<>(entries.size());
        for (OutboxEntry entry : entries) seqs.add(entry.seq());
        return seqs;
    }
}
