package org.vigil.gateway.fhir;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import java.util.function.Supplier;
import org.vigil.gateway.storage.FhirResourceRepository;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.gateway.storage.OccupancyRepository;
import org.vigil.gateway.storage.SampleRepository;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * The worker between the reading-to-alarm path and storage. The gateway hands it readings with
 * {@link #submit}, which never blocks; on its own thread it writes every reading as a sample (in
 * batches), applies the {@link ChartingPolicy}, makes the FHIR resources and stores them, which
 * queues them for export: each drained batch is written in a few transactions, however many beds
 * it covers. What is charted is stored {@link #CHARTING_SLICE} Observations at a time between
 * drains (readings that raised an alarm first), so that a whole ward charted at an interval's end
 * does not hold up the samples. The first reading of a bed without an open occupancy starts one
 * with a placeholder Patient; the first reading of a device stores its Device.
 *
 * <p>Samples are written together once the first has waited {@link #SAMPLE_GATHER}, so that a
 * ward's samples share one commit, and before any charted Observation is committed. While the
 * recorder is behind (a backlog of a 25th of its queue or more), samples are held for up to
 * {@link #SAMPLE_HOLD} and written together, so that the stored blocks grow with the load and
 * storage catches up; a process killed meanwhile loses what is held as it loses what is queued.
 * Samples whose write failed are kept and tried again after the hold, up to as many as the queue
 * holds; beyond that, and at close, they are given up and counted as lost.
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

    private static final Duration FLUSH_PERIOD = Duration.ofSeconds(1);
    private static final int DRAIN_BATCH = 10_000;
    /**
     * The most Observations stored in one transaction between drains: a ward charted at once (every
     * bed at an interval's end) is stored over several drains, so that samples keep being written.
     */
    static final int CHARTING_SLICE = 500;
    /**
     * How long samples wait to be written together while the recorder keeps up: a ward's samples
     * share a commit, and the stored record lags the live view by at most this.
     */
    static final Duration SAMPLE_GATHER = Duration.ofMillis(250);
    /** How long samples may wait to be written together while the recorder is behind. */
    static final Duration SAMPLE_HOLD = Duration.ofSeconds(5);

    private final SampleRepository samples;
    private final ChartingPolicy policy;
    private final Clock clock;
    private final RecorderFailures failures;
    private final BedOccupancies occupancies;
    private final ObservationWriter writer;
    private final BlockingQueue<RecorderTask> queue;
    private final HeldSamples held;
    /** The backlog from which the recorder is behind and holds samples: a 25th of the queue. */
    private final int behindAt;
    private final Thread worker;
    private final AtomicLong progress = new AtomicLong();
    private volatile boolean running;

    /**
     * @param failureListener told about every failed write, on the worker thread
     */
    public VitalsRecorder(SampleRepository samples, FhirResourceRepository resources, OccupancyRepository occupancies,
                          ChartingPolicy policy, LimitsSource limits, Clock clock, int queueCapacity,
                          Consumer<RuntimeException> failureListener) {
        this.samples = Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(occupancies, "occupancies");
        this.policy = Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failures = new RecorderFailures(Objects.requireNonNull(failureListener, "failureListener"));
        this.occupancies = new BedOccupancies(occupancies, clock);
        this.writer = new ObservationWriter(resources, this.occupancies, limits, failures);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.held = new HeldSamples(SAMPLE_GATHER, SAMPLE_HOLD, queueCapacity);
        this.behindAt = Math.max(1, queueCapacity / 25);
        this.worker = new Thread(this::run, "vigil-recorder");
        this.worker.setDaemon(true);
    }

    /** Adds a listener to what is charted; call before {@link #start()}. */
    public void addListener(ChartingListener listener) {
        writer.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void start() {
        running = true;
        worker.start();
    }

    /** Hands over one reading. Never blocks; returns {@code false} (and counts it) if the queue is full. */
    public boolean submit(String bedId, Reading reading) {
        return offer(new RecorderTask.Record(bedId, reading));
    }

    /** Charts the reading that triggered an alarm, with the limits that it crossed. */
    public boolean alarmTriggered(String bedId, Reading reading, VitalLimits limitsInForce) {
        return offer(new RecorderTask.Alarm(bedId, reading, limitsInForce));
    }

    /** Stores (or updates) the Device of a device that reported who it is. */
    public boolean deviceIdentified(String deviceId, DeviceIdentity identity) {
        return offer(new RecorderTask.Identify(deviceId, identity));
    }

    /** Starts a new occupancy of a bed (a new patient connected), ending the previous one. */
    public CompletableFuture<Occupancy> startOccupancy(String bedId) {
        CompletableFuture<Occupancy> done = new CompletableFuture<>();
        if (!offer(new RecorderTask.Start(bedId, done))) done.completeExceptionally(new IllegalStateException("recorder queue full"));
        return done;
    }

    /** Records who the patient in a bed is; what was recorded since the occupancy started is theirs. */
    public CompletableFuture<Occupancy> admit(String bedId, Admission admission) {
        CompletableFuture<Occupancy> done = new CompletableFuture<>();
        if (!offer(new RecorderTask.Admit(bedId, admission, done))) done.completeExceptionally(new IllegalStateException("recorder queue full"));
        return done;
    }

    /** Ends the occupancy of a bed (patient discharged). */
    public CompletableFuture<Void> endOccupancy(String bedId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!offer(new RecorderTask.End(bedId, done))) done.completeExceptionally(new IllegalStateException("recorder queue full"));
        return done;
    }

    /** Tasks waiting for the worker. */
    public int backlog() {
        return queue.size();
    }

    /**
     * A count that moves with every write the worker finishes (a batch of samples, a task, an
     * Observation, failed ones included) and every Observation it encodes for one: it stands
     * still only while storage does.
     */
    public long progress() {
        return progress.get() + writer.stored() + writer.encoded();
    }

    public Health health() {
        return new Health(queue.size(), failures.dropped(), failures.failedWrites(), failures.lostSamples(), writer.stored());
    }

    /**
     * @param queued             tasks waiting for the worker
     * @param dropped            readings refused because the queue was full
     * @param failedWrites       writes that failed
     * @param lostSamples        samples given up after their write failed
     * @param observationsStored Observations stored since start
     */
    public record Health(int queued, long dropped, long failedWrites, long lostSamples, long observationsStored) {
        public boolean isHealthy() {
            return dropped == 0 && failedWrites == 0 && lostSamples == 0;
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

    private boolean offer(RecorderTask task) {
        if (queue.offer(task)) return true;
        failures.queueFull();
        return false;
    }

    private void run() {
        failures.guarded(writer::prepareEncoding);
        List<RecorderTask> batch = new ArrayList<>();
        long nextFlush = System.nanoTime() + FLUSH_PERIOD.toNanos();
        while (running || !queue.isEmpty()) {
            try {
                RecorderTask first = running && writer.pending() == 0
                        ? queue.poll(pollNanos(), TimeUnit.NANOSECONDS) : queue.poll();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, DRAIN_BATCH);
                    process(batch);
                    batch.clear();
                } else {
                    writeHeldSamplesIfDue(queue.size());
                    commitSlice();
                }
            } catch (InterruptedException e) {
                running = false;
            }
            if (System.nanoTime() - nextFlush >= 0 || !running) {
                if (!running) writeHeldSamples(true);
                else writeHeldSamplesIfDue(queue.size());
                Instant now = clock.instant();
                failures.guarded(() -> writer.chart(policy.flush(now)));
                if (running) commitSlice();
                else commit();
                failures.guarded(() -> writer.intervalsClosed(now));
                nextFlush = System.nanoTime() + FLUSH_PERIOD.toNanos();
            }
        }
    }

    /**
     * Writes a drained batch: its readings join the held samples, written in one transaction once
     * gathered (see {@link HeldSamples}), the Devices first seen in it in one per
     * {@link #CHARTING_SLICE}, and up to that many of what is charted in one, except that all
     * charting is committed before any task that changes an occupancy or a Device, so that each
     * Observation is stored under the occupancy it was charted in.
     */
    private void process(List<RecorderTask> batch) {
        Set<String> devices = new LinkedHashSet<>();
        long now = System.nanoTime();
        for (RecorderTask task : batch) {
            if (task instanceof RecorderTask.Record record) {
                held.add(record.bedId(), record.reading(), now);
                devices.add(record.reading().deviceId());
            } else if (task instanceof RecorderTask.Alarm alarm) {
                devices.add(alarm.reading().deviceId());
            }
        }
        writeHeldSamplesIfDue(batch.size() + queue.size());
        progress.incrementAndGet();
        failures.guarded(() -> writer.ensureDevices(devices, CHARTING_SLICE));
        for (RecorderTask task : batch) {
            if (!(task instanceof RecorderTask.Record) && !(task instanceof RecorderTask.Alarm)) commit();
            failures.guarded(() -> handle(task));
            progress.incrementAndGet();
        }
        commitSlice();
    }

    /** How long the worker may wait for a task: until the next flush, or until held samples are gathered. */
    private long pollNanos() {
        if (held.count() == 0) return FLUSH_PERIOD.toNanos();
        return Math.min(FLUSH_PERIOD.toNanos(), Math.max(1, held.nanosUntilGathered(System.nanoTime())));
    }

    private boolean caughtUp(int backlog) {
        return backlog < behindAt;
    }

    /** @param backlog tasks still to be processed, which tell whether the recorder has caught up */
    private void writeHeldSamplesIfDue(int backlog) {
        if (held.due(caughtUp(backlog), System.nanoTime())) writeHeldSamples(false);
    }

    /** @param lastTry whether samples whose write fails are given up instead of kept for another try */
    private void writeHeldSamples(boolean lastTry) {
        if (held.count() == 0) return;
        Map<String, List<Reading>> samplesByBed = held.take();
        if (failures.guarded(() -> samples.write(samplesByBed))) return;
        int givenUp = lastTry ? samplesByBed.values().stream().mapToInt(List::size).sum()
                : held.giveBack(samplesByBed, System.nanoTime());
        if (givenUp > 0) failures.samplesLost(givenUp);
    }

    private void commit() {
        writeGatheredSamples();
        writer.commit();
        progress.incrementAndGet();
    }

    private void commitSlice() {
        if (writer.pending() == 0) return;
        writeGatheredSamples();
        writer.commit(CHARTING_SLICE);
        progress.incrementAndGet();
    }

    /** While the recorder keeps up, the samples of what is charted are stored before its Observations. */
    private void writeGatheredSamples() {
        if (held.dueEarly(caughtUp(queue.size()))) writeHeldSamples(false);
    }

    private void handle(RecorderTask task) {
        if (task instanceof RecorderTask.Record record) {
            writer.seen(record.bedId(), record.reading().deviceId());
            writer.chart(policy.onReading(record.reading()));
        } else if (task instanceof RecorderTask.Alarm alarm) {
            writer.seen(alarm.bedId(), alarm.reading().deviceId());
            writer.chartAlarm(alarm.bedId(), policy.onAlarm(alarm.reading()), alarm.limits());
        } else if (task instanceof RecorderTask.Identify identify) {
            writer.identified(identify.deviceId(), identify.identity());
        } else if (task instanceof RecorderTask.Start start) {
            complete(start.done(), () -> occupancies.start(start.bedId()));
        } else if (task instanceof RecorderTask.Admit admit) {
            complete(admit.done(), () -> occupancies.admit(admit.bedId(), admit.admission()));
        } else if (task instanceof RecorderTask.End end) {
            complete(end.done(), () -> {
                occupancies.end(end.bedId());
                return null;
            });
        }
    }

    private static <T> void complete(CompletableFuture<T> done, Supplier<T> work) {
        try {
            done.complete(work.get());
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            throw e;
        }
    }
}
