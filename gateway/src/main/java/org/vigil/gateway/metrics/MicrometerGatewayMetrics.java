package org.vigil.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;

/** The Micrometer implementation, exposed in the Prometheus text format at {@code /metrics}. */
public final class MicrometerGatewayMetrics implements MetricsPage, GatewayMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Map<String, Counter> readingCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> eventCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> frameCounters = new ConcurrentHashMap<>();

    private final List<Supplier<Number>> countSources = new CopyOnWriteArrayList<>();

    public MicrometerGatewayMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A counter whose count is kept elsewhere and only read here. */
    public void counter(String name, String description, Supplier<Number> count) {
        // A function counter holds its object weakly; the supplier is kept here so that it is not collected.
        countSources.add(count);
        FunctionCounter.builder(name, count, c -> c.get().doubleValue()).description(description).register(registry);
    }

    @Override
    public void readingReceived(String protocol) {
        readingCounters.computeIfAbsent(protocol, name -> Counter.builder("vigil.readings.received.total")
                .description("Readings decoded from devices")
                .tag("protocol", name)
                .register(registry)).increment();
    }

    @Override
    public void invalidFrame(String protocol, InvalidFrame.Cause cause, int discardedBytes) {
        Counter.builder("vigil.decode.errors.total")
                .description("Frames discarded by decoders (checksum, layout, range)")
                .tag("protocol", protocol)
                .tag("cause", cause.name().toLowerCase())
                .register(registry)
                .increment();
        DistributionSummary.builder("vigil.decode.discarded.bytes")
                .description("Bytes discarded while resynchronising")
                .baseUnit("bytes")
                .tag("protocol", protocol)
                .register(registry)
                .record(discardedBytes);
    }

    @Override
    public void frameDecoded(String protocol) {
        frameCounters.computeIfAbsent(protocol, name -> Counter.builder("vigil.frames.decoded.total")
                .description("Valid frames or messages decoded from devices")
                .tag("protocol", name)
                .register(registry)).increment();
    }

    @Override
    public void reconnect(String deviceId) {
        Counter.builder("vigil.device.reconnects.total")
                .description("Connection attempts after a lost, refused or silent device connection")
                .tag("device", deviceId)
                .register(registry)
                .increment();
    }

    @Override
    public void deviceEvent(DeviceEvent.Kind kind) {
        Counter.builder("vigil.device.events.total")
                .description("Device technical events (connected, silent, sensor off...)")
                .tag("kind", kind.name().toLowerCase())
                .register(registry)
                .increment();
    }

    @Override
    public void eventPublished(String type) {
        eventCounters.computeIfAbsent(type, name -> Counter.builder("vigil.stream.events.total")
                .description("Events published on the live stream")
                .tag("type", name)
                .register(registry)).increment();
    }

    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
