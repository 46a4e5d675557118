package org.vigil.gateway.fhir;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Observation;
import org.vigil.gateway.storage.FhirResourceRepository;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.gateway.storage.OccupancyRepository;
import org.vigil.gateway.storage.SampleRepository;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker between the reading-to-alarm path and storage. The gateway hands it readings with
 * {@link #submit}, which never blocks; on its own thread it writes every reading as a sample (in
 * batches), applies the {@link ChartingPolicy}, makes the FHIR resources and stores them, which
 * queues them for export. The first reading of a bed without an open occupancy starts one with a
 * placeholder Patient; the first reading of a device stores its Device.
 *
 * <p>Failures are never silent: a reading that does not fit in the queue, or a write that fails,
 * is counted in {@link #health()} and reported to the failure listener, which the gateway turns
 * into a technical alarm.
 */
public final class VitalsRecorder implements AutoCloseable {

    /** The alarm limits in force for a vital of a bed, for Observation.interpretation. */
    @FunctionalInterface
    public interface LimitsSource {
        VitalLimits limitsFor(String bedId, VitalSign vital);
    }

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    private static final Duration FLUSH_PERIOD = Duration.ofSeconds(1);
    private static final int DRAIN_BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(VitalsRecorder.class);

    private final SampleRepository samples;
    private final FhirResourceRepository resources;
    private final OccupancyRepository occupancies;
    private final ChartingPolicy policy;
    private final LimitsSource limits;
    private final Clock clock;
    private final Consumer<RuntimeException> failureListener;
    private final ObservationFactory observations = new ObservationFactory();
    private final PatientFactory patients = new PatientFactory();
    private final BlockingQueue<Task> queue;
    private final Map<String, Occupancy> openOccupancies = new HashMap<>();
    private final Map<String, String> bedOfDevice = new HashMap<>();
    private final Set<String> knownDevices = new HashSet<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong observationsStored = new AtomicLong();
    private final Thread worker;
    private volatile boolean running;

    /**
     * @param failureListener told about every failed write, on the worker thread
     */
    public VitalsRecorder(SampleRepository samples, FhirResourceRepository resources, OccupancyRepository occupancies,
                          ChartingPolicy policy, LimitsSource limits, Clock clock, int queueCapacity,
                          Consumer<RuntimeException> failureListener) {
        this.samples = Objects.requireNonNull(samples, "samples");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.occupancies = Objects.requireNonNull(occupancies, "occupancies");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failureListener = Objects.requireNonNull(failureListener, "failureListener");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.worker = new Thread(this::run, "vigil-recorder");
        this.worker.setDaemon(true);
    }

    public void start() {
        running = true;
        worker.start();
    }

    /** Hands over one reading. Never blocks; returns {@code false} (and counts it) if the queue is full. */
    public boolean submit(String bedId, Reading reading) {
        return offer(new Task.Record(bedId, reading));
    }

    /** Charts the reading that triggered an alarm, with the limits that it crossed. */
    public boolean alarmTriggered(String bedId, Reading reading, VitalLimits limitsInForce) {
        return offer(new Task.Alarm(bedId, reading, limitsInForce));
    }

    /** Stores (or updates) the Device of a device that reported who it is. */
    public boolean deviceIdentified(String deviceId, DeviceIdentity identity) {
        return offer(new Task.Identify(deviceId, identity));
    }

    /** Starts a new occupancy of a bed (a new patient connected), ending the previous one. */
    public CompletableFuture<Occupancy> startOccupancy(String bedId) {
        CompletableFuture<Occupancy> done = new CompletableFuture<>();
        if (!offer(new Task.Start(bedId, done))) done.completeExceptionally(new IllegalStateException("recorder queue full"));
        return done;
    }

    /** Records who the patient in a bed is; what was recorded since the occupancy started is theirs. */
    public CompletableFuture<Occupancy> admit(String bedId, Admission admission) {
        CompletableFuture<Occupancy> done = new CompletableFuture<>();
        if (!offer(new Task.Admit(bedId, admission, done))) done.completeExceptionally(new IllegalStateException("recorder queue full"));
        return done;
    }

    /** Ends the occupancy of a bed (patient discharged). */
    public CompletableFuture<Void> endOccupancy(String bedId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!offer(new Task.End(bedId, done))) done.completeExceptionally(new IllegalStateException("recorder queue full"));
        return done;
    }

    public Health health() {
        return new Health(queue.size(), dropped.get(), failedWrites.get(), observationsStored.get());
    }

    /**
     * @param queued             tasks waiting for the worker
     * @param dropped            readings refused because the queue was full
     * @param failedWrites       writes that failed
     * @param observationsStored Observations stored since start
     */
    public record Health(int queued, long dropped, long failedWrites, long observationsStored) {
        public boolean isHealthy() {
            return dropped == 0 && failedWrites == 0;
        }
    }

    /**
     * Stops the worker after it has written what is queued and charted the open intervals. The
     * worker is not interrupted, since an interrupt can close an embedded database file.
     */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean offer(Task task) {
        if (queue.offer(task)) return true;
        long count = dropped.incrementAndGet();
        if (count == 1 || count % 1000 == 0) LOG.error("Recorder queue full: {} tasks dropped", count);
        report(new IllegalStateException("recorder queue full, " + count + " tasks dropped"));
        return false;
    }

    /** A listener that throws must not abort the worker, least of all during the final flush. */
    private void report(RuntimeException failure) {
        try {
            failureListener.accept(failure);
        } catch (RuntimeException e) {
            LOG.warn("Recorder failure listener failed: {}", e.toString());
        }
    }

    private void run() {
        List<Task> batch = new ArrayList<>();
        long nextFlush = System.nanoTime() + FLUSH_PERIOD.toNanos();
        while (running || !queue.isEmpty()) {
            try {
                Task first = running ? queue.poll(FLUSH_PERIOD.toMillis(), TimeUnit.MILLISECONDS) : queue.poll();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, DRAIN_BATCH);
                    process(batch);
                    batch.clear();
                }
            } catch (InterruptedException e) {
                running = false;
            }
            if (System.nanoTime() - nextFlush >= 0 || !running) {
                guarded(() -> chart(policy.flush(clock.instant())));
                nextFlush = System.nanoTime() + FLUSH_PERIOD.toNanos();
            }
        }
    }

    private void process(List<Task> batch) {
        Map<String, List<Reading>> samplesByBed = new LinkedHashMap<>();
        for (Task task : batch) {
            if (task instanceof Task.Record record) {
                samplesByBed.computeIfAbsent(record.bedId(), bed -> new ArrayList<>()).add(record.reading());
            }
        }
        samplesByBed.forEach((bed, readings) -> guarded(() -> samples.write(bed, readings)));
        for (Task task : batch) guarded(() -> handle(task));
    }

    private void handle(Task task) {
        if (task instanceof Task.Record record) {
            bedOfDevice.put(record.reading().deviceId(), record.bedId());
            ensureDevice(record.reading().deviceId());
            chart(policy.onReading(record.reading()));
        } else if (task instanceof Task.Alarm alarm) {
            bedOfDevice.put(alarm.reading().deviceId(), alarm.bedId());
            ensureDevice(alarm.reading().deviceId());
            String occupancy = occupancyOf(alarm.bedId()).id();
            for (Chartable chartable : policy.onAlarm(alarm.reading())) {
                Chartable.Single single = (Chartable.Single) chartable;
                store(observations.vital(single.reading(), occupancy, alarm.limits()));
            }
        } else if (task instanceof Task.Identify identify) {
            resources.saveDevice(identify.deviceId(), observations.device(identify.deviceId(), identify.identity()));
            knownDevices.add(identify.deviceId());
        } else if (task instanceof Task.Start start) {
            complete(start.done(), () -> newOccupancy(start.bedId()));
        } else if (task instanceof Task.Admit admit) {
            complete(admit.done(), () -> {
                Occupancy occupancy = occupancyOf(admit.bedId());
                occupancies.admit(occupancy.id(), patients.admitted(occupancy.id(), admit.admission()), clock.instant());
                Occupancy admitted = new Occupancy(occupancy.id(), occupancy.bedId(), occupancy.startedAt(), null, clock.instant());
                openOccupancies.put(admit.bedId(), admitted);
                return admitted;
            });
        } else if (task instanceof Task.End end) {
            complete(end.done(), () -> {
                Occupancy occupancy = openOccupancies.remove(end.bedId());
                if (occupancy == null) occupancy = occupancies.current(end.bedId()).orElse(null);
                if (occupancy != null) occupancies.end(occupancy.id(), clock.instant());
                return null;
            });
        }
    }

    private void chart(List<Chartable> due) {
        for (Chartable chartable : due) {
            guarded(() -> {
                if (chartable instanceof Chartable.Single single) {
                    Reading reading = single.reading();
                    String bed = bedOfDevice.get(reading.deviceId());
                    store(observations.vital(reading, occupancyOf(bed).id(), limits.limitsFor(bed, reading.vital())));
                } else if (chartable instanceof Chartable.BloodPressure bp) {
                    String bed = bedOfDevice.get(bp.systolic().deviceId());
                    Map<VitalSign, VitalLimits> inForce = new HashMap<>();
                    for (VitalSign vital : List.of(VitalSign.BP_SYS, VitalSign.BP_DIA, VitalSign.BP_MEAN)) {
                        VitalLimits vitalLimits = limits.limitsFor(bed, vital);
                        if (vitalLimits != null) inForce.put(vital, vitalLimits);
                    }
                    store(observations.bloodPressure(bp.systolic(), bp.diastolic(), bp.mean(), occupancyOf(bed).id(), inForce));
                }
            });
        }
    }

    private void store(Observation observation) {
        if (resources.saveObservation(observation)) observationsStored.incrementAndGet();
    }

    private void ensureDevice(String deviceId) {
        if (knownDevices.contains(deviceId)) return;
        if (resources.device(FhirIds.deviceResourceId(deviceId)).isEmpty()) {
            resources.saveDevice(deviceId, observations.device(deviceId, null));
        }
        knownDevices.add(deviceId);
    }

    private Occupancy occupancyOf(String bedId) {
        Occupancy occupancy = openOccupancies.get(bedId);
        if (occupancy != null) return occupancy;
        occupancy = occupancies.current(bedId).orElseGet(() -> newOccupancy(bedId));
        openOccupancies.put(bedId, occupancy);
        return occupancy;
    }

    private Occupancy newOccupancy(String bedId) {
        String id = FhirIds.newOccupancyId();
        Occupancy occupancy = occupancies.start(bedId, patients.placeholder(id), clock.instant());
        openOccupancies.put(bedId, occupancy);
        return occupancy;
    }

    private <T> void complete(CompletableFuture<T> done, java.util.function.Supplier<T> work) {
        try {
            done.complete(work.get());
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            throw e;
        }
    }

    private void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            failedWrites.incrementAndGet();
            LOG.warn("Recording failed: {}", e.getMessage());
            report(e);
        }
    }

    private sealed interface Task {
        record Record(String bedId, Reading reading) implements Task {
        }

        record Alarm(String bedId, Reading reading, VitalLimits limits) implements Task {
        }

        record Identify(String deviceId, DeviceIdentity identity) implements Task {
        }

        record Start(String bedId, CompletableFuture<Occupancy> done) implements Task {
        }

        record Admit(String bedId, Admission admission, CompletableFuture<Occupancy> done) implements Task {
        }

        record End(String bedId, CompletableFuture<Void> done) implements Task {
        }
    }
}
