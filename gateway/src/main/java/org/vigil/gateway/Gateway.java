package org.vigil.gateway;

import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.drivers.DeviceCommand;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.ReadingPipeline;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.devices.DeviceFleet;
import org.vigil.gateway.http.ApiHandler;
import org.vigil.gateway.http.BloodPressureControl;
import org.vigil.gateway.http.GatewayServices;
import org.vigil.gateway.http.HttpResponses;
import org.vigil.gateway.http.HttpServer;
import org.vigil.gateway.metrics.MicrometerGatewayMetrics;
import org.vigil.gateway.mqtt.EmbeddedBroker;
import org.vigil.gateway.stream.StreamHub;

/** The running gateway: broker, drivers, live state, alarms, storage and the HTTP interface. */
public final class Gateway implements AutoCloseable, GatewayServices {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** How often the live stream proves it is alive; the dashboard declares it lost after 5 s. */
    private static final long HEARTBEAT_MILLIS = 2000;

    private final VigilConfig config;
    private final MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics();
    private final StreamHub hub = new StreamHub();
    private final Ward ward;
    private final ReadingPipeline pipeline;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vigil-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private EmbeddedBroker broker;
    private DeviceFleet fleet;
    private HttpServer http;
    private int httpPort;

    private Gateway(VigilConfig config) {
        this.config = config;
        this.ward = new Ward(config.beds());
        this.pipeline = new ReadingPipeline(ward, hub, metrics, 2);
    }

    /** Starts everything the configuration describes; on failure, stops what had started. */
    public static Gateway start(VigilConfig config) throws Exception {
        Gateway gateway = new Gateway(config);
        try {
            gateway.startParts();
            return gateway;
        } catch (Exception | Error e) {
            gateway.close();
            throw e;
        }
    }

    private void startParts() throws Exception {
        Path dataDirectory = Path.of(config.storage().directory());
        if (config.mqtt().embedded()) {
            broker = new EmbeddedBroker(config.mqtt().host(), config.mqtt().port(), dataDirectory.resolve("broker"));
            LOG.info("Embedded MQTT broker on {}:{}", config.mqtt().host(), config.mqtt().port());
        }
        metrics.gauge("vigil.stream.clients", "Connected live-stream (dashboard) clients", hub::clientCount);
        fleet = new DeviceFleet(config, pipeline, metrics);
        fleet.start();
        http = new HttpServer();
        httpPort = http.start(config.http(), () -> new ApiHandler(this));
        new NettyEventExecutorMetrics(http.workers()).bindTo(metrics.registry());
        scheduler.scheduleAtFixedRate(() -> hub.publish("heartbeat", Map.of("time", Instant.now())),
                HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("Vigil serves http://{}:{}/ ({} beds)", config.http().bind(), httpPort, ward.beds().size());
    }

    public int httpPort() {
        return httpPort;
    }

    /** Where every driver's output enters; stages such as the alarm engine attach to it. */
    public ReadingPipeline pipeline() {
        return pipeline;
    }

    @Override
    public Ward ward() {
        return ward;
    }

    @Override
    public StreamHub hub() {
        return hub;
    }

    @Override
    public MicrometerGatewayMetrics metrics() {
        return metrics;
    }

    @Override
    public BloodPressureControl bloodPressure() {
        return this::startBloodPressure;
    }

    @Override
    public List<?> alarmsOf(BedState bed) {
        return List.of();
    }

    private FullHttpResponse startBloodPressure(BedState bed) {
        for (DeviceConfig device : bed.config().devices()) {
            Optional<CompletableFuture<Boolean>> started = fleet.command(device.id(), DeviceCommand.START_BP);
            if (started.isEmpty()) continue;
            try {
                if (started.get().get(2, TimeUnit.SECONDS)) {
                    return HttpResponses.json(HttpResponseStatus.ACCEPTED,
                            Map.of("bed", bed.id(), "device", device.id(), "status", "measurement started"));
                }
            } catch (Exception e) {
                return HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "device " + device.id() + " did not take the command: " + e.getMessage());
            }
        }
        return HttpResponses.error(HttpResponseStatus.CONFLICT,
                "bed " + bed.id() + " has no connected blood-pressure device that can be started remotely");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        hub.closeAll();
        if (http != null) http.close();
        if (fleet != null) fleet.close();
        pipeline.close();
        if (broker != null) broker.close();
        metrics.close();
    }
}
