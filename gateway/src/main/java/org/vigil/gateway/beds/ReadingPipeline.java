package org.vigil.gateway.beds;

import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.drivers.DriverListener;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.metrics.GatewayMetrics;
import org.vigil.gateway.stream.StreamHub;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;

/**
 * Where every driver's output enters the gateway. Each bed is pinned to one executor, so the
 * readings and events of a bed are processed in the order they arrived, off the drivers' threads
 * and off the Netty event loops.
 */
public final class ReadingPipeline implements DriverListener, BedExecutors {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingPipeline.class);

    /** Something downstream of live state (alarms, storage), called on the bed's executor. */
    public interface Stage {
        default void reading(BedState bed, Reading reading) {
        }

        default void event(BedState bed, DeviceEvent event) {
        }

        default void identity(BedState bed, String deviceId, DeviceIdentity identity) {
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();

    private final Ward ward;
    private final StreamHub hub;
    private final GatewayMetrics metrics;
    private final EventExecutorGroup executors;
    private final Map<String, EventExecutor> executorByBed = new HashMap<>();
    private final Map<String, String> protocolByDevice = new HashMap<>();
    private final List<Stage> stages = new CopyOnWriteArrayList<>();

    public ReadingPipeline(Ward ward, StreamHub hub, GatewayMetrics metrics, int threads) {
        this.ward = ward;
        this.hub = hub;
        this.metrics = metrics;
        this.executors = new DefaultEventExecutorGroup(threads, r -> {
            Thread thread = new Thread(r, "vigil-bed-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (BedState bed : ward.beds()) {
            executorByBed.put(bed.id(), executors.next());
            for (DeviceConfig device : bed.config().devices()) {
                protocolByDevice.put(device.id(), device.protocol());
            }
        }
    }

    /** Tasks queued on the bed executors and not yet run. */
    public int pendingTasks() {
        int pending = 0;
        for (EventExecutor executor : executors) {
            if (executor instanceof SingleThreadEventExecutor queue) pending += queue.pendingTasks();
        }
        return pending;
    }

    public void addStage(Stage stage) {
        stages.add(stage);
    }

    @Override
    public void run(BedState bed, Runnable task) {
        try {
            executorByBed.get(bed.id()).execute(task);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Bed {} task after the pipeline stopped dropped", bed.id());
        }
    }

    @Override
    public <T> CompletableFuture<T> call(BedState bed, Supplier<T> task) {
        try {
            return CompletableFuture.supplyAsync(task, executorByBed.get(bed.id()));
        } catch (RejectedExecutionException stopped) {
            return CompletableFuture.failedFuture(new IllegalStateException("the gateway is stopping"));
        }
    }

    @Override
    public void reading(Reading reading) {
        BedState bed = ward.bedOfDevice(reading.deviceId()).orElse(null);
        if (bed == null) {
            LOG.warn("Reading from unknown device {} dropped", reading.deviceId());
            return;
        }
        metrics.readingReceived(protocolByDevice.getOrDefault(reading.deviceId(), "unknown"));
        run(bed, () -> {
            bed.apply(reading);
            hub.publish("reading", LiveEvents.reading(bed.id(), reading));
            metrics.eventPublished("reading");
            for (Stage stage : stages) {
                try {
                    stage.reading(bed, reading);
                } catch (RuntimeException e) {
                    LOG.error("Stage {} failed on a reading of bed {}", stage, bed.id(), e);
                }
            }
        });
    }

    @Override
    public void event(DeviceEvent event) {
        BedState bed = ward.bedOfDevice(event.deviceId()).orElse(null);
        if (bed == null) return;
        metrics.deviceEvent(event.kind());
        LOG.info("Device {} on {}: {}{}{}", event.deviceId(), bed.id(), event.kind(),
                event.kind().isLifecycle() ? "" : event.active() ? " raised" : " cleared",
                event.detail().isEmpty() ? "" : " (" + event.detail() + ")");
        run(bed, () -> {
            bed.apply(event);
            hub.publish("device", LiveEvents.device(bed.id(), event));
            metrics.eventPublished("device");
            for (Stage stage : stages) {
                try {
                    stage.event(bed, event);
                } catch (RuntimeException e) {
                    LOG.error("Stage {} failed on an event of bed {}", stage, bed.id(), e);
                }
            }
        });
    }

    @Override
    public void identity(String deviceId, DeviceIdentity identity) {
        BedState bed = ward.bedOfDevice(deviceId).orElse(null);
        if (bed == null) return;
        run(bed, () -> stages.forEach(stage -> stage.identity(bed, deviceId, identity)));
    }

    /** Stops taking work and finishes what every bed was handed. */
    public void close() {
        executors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
