package org.vigil.gateway.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vigil.drivers.DeviceEndpoint;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.config.BedConfig;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.http.AccessPolicy;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.SimulatedDevice;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.scenario.Scenario;
import org.vigil.simulators.transport.MqttPublisherTransport;
import org.vigil.simulators.transport.TcpServerTransport;

/**
 * An in-process gateway with simulated devices over their real transports, each device playing its
 * own scenario at its own time scale, and a dashboard (live-stream client) connected so that the
 * gateway's no-dashboard alarm stays out of the way.
 */
public final class ScenarioWard implements AutoCloseable {

    /** One simulated device: how the gateway is configured to read it, and what it plays. */
    public record Device(DeviceConfig config, Supplier<DeviceSimulator> simulator, Scenario scenario, double timeScale) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VigilConfig config;
    private final Clock clock;
    private final Map<String, Device> devicesById = new LinkedHashMap<>();
    private final Map<String, SimulatedDevice> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;
    private LiveStream stream;

    private ScenarioWard(VigilConfig config, Map<String, List<Device>> beds, Clock clock) {
        this.config = config;
        this.clock = clock;
        beds.values().forEach(devices -> devices.forEach(d -> devicesById.put(d.config().id(), d)));
    }

    /** A simulated device served on a loopback TCP port, with the standard simulator of its protocol. */
    public static Device tcp(String id, String protocol, Scenario scenario, double timeScale) {
        SimulatorCatalog catalog = SimulatorCatalog.standard();
        return new Device(TestWards.tcp(id, protocol), () -> catalog.create(protocol), scenario, timeScale);
    }

    /** A simulated device served on a loopback TCP port, with a simulator made by {@code simulator}. */
    public static Device tcp(String id, String protocol, Supplier<DeviceSimulator> simulator, Scenario scenario,
                             double timeScale) {
        return new Device(TestWards.tcp(id, protocol), simulator, scenario, timeScale);
    }

    /** A simulated device publishing on the embedded broker under {@code topic}; the gateway subscribes to {@code topic/+}. */
    public static Device mqtt(String id, String protocol, String topic, Supplier<DeviceSimulator> simulator,
                              Scenario scenario, double timeScale) {
        return new Device(TestWards.mqtt(id, protocol, topic + "/+"), simulator, scenario, timeScale);
    }

    /** Starts the device servers, the gateway, the MQTT devices and a dashboard client, in that order. */
    public static ScenarioWard start(Path storage, Map<String, List<Device>> beds) throws Exception {
        List<BedConfig> bedConfigs = new ArrayList<>();
        beds.forEach((bed, devices) -> bedConfigs.add(TestWards.bed(bed,
                devices.stream().map(Device::config).toArray(DeviceConfig[]::new))));
        return start(TestWards.config(storage, bedConfigs), beds);
    }

    /** As {@link #start(Path, Map)}, with the gateway on {@code clock} and open to every caller. */
    public static ScenarioWard start(Path storage, Map<String, List<Device>> beds, Clock clock) throws Exception {
        List<BedConfig> bedConfigs = new ArrayList<>();
        beds.forEach((bed, devices) -> bedConfigs.add(TestWards.bed(bed,
                devices.stream().map(Device::config).toArray(DeviceConfig[]::new))));
        return start(TestWards.config(storage, bedConfigs), beds, clock);
    }

    public static ScenarioWard start(VigilConfig config, Map<String, List<Device>> beds) throws Exception {
        return start(config, beds, null);
    }

    public static ScenarioWard start(VigilConfig config, Map<String, List<Device>> beds, Clock clock) throws Exception {
        ScenarioWard ward = new ScenarioWard(config, beds, clock);
        try {
            ward.startDevices(true);
            ward.startGateway();
            ward.startDevices(false);
            return ward;
        } catch (Exception | Error e) {
            ward.close();
            throw e;
        }
    }

    private void startGateway() throws Exception {
        gateway = clock == null ? Gateway.start(config) : Gateway.start(config, AccessPolicy.OPEN, clock);
        stream = new LiveStream(http, uri("/api/stream"));
        await("dashboard connected to the live stream").atMost(Duration.ofSeconds(10))
                .until(() -> gateway.hub().clientCount() > 0);
    }

    private void startDevices(boolean tcp) {
        long seed = 1;
        for (Device device : devicesById.values()) {
            seed++;
            DeviceEndpoint endpoint = device.config().endpoint();
            org.vigil.simulators.transport.Transport transport;
            if (tcp && endpoint instanceof DeviceEndpoint.Tcp server) {
                transport = new TcpServerTransport(server.host(), server.port());
            } else if (!tcp && endpoint instanceof DeviceEndpoint.Mqtt topic) {
                String filter = topic.topic();
                transport = new MqttPublisherTransport(config.mqtt().brokerUrl(), filter.substring(0, filter.length() - 2),
                        "sim-" + device.config().id());
            } else {
                continue;
            }
            running.put(device.config().id(), SimulatedDevice.builder(device.simulator().get(), transport)
                    .scenario(device.scenario())
                    .timeScale(device.timeScale())
                    .seed(seed)
                    .name(device.config().id())
                    .start());
        }
    }

    /** Stops the gateway (and its dashboard client) but leaves the simulated devices running. */
    public void stopGateway() {
        if (stream != null) stream.close();
        if (gateway != null) gateway.close();
        stream = null;
        gateway = null;
    }

    /** Starts a new gateway on the same configuration and storage, and connects a new dashboard client. */
    public void restartGateway() throws Exception {
        stopGateway();
        startGateway();
    }

    /** The running simulated device of that id, e.g. to switch its scenario. */
    public SimulatedDevice device(String id) {
        SimulatedDevice device = running.get(id);
        if (device == null) throw new IllegalArgumentException("no simulated device '" + id + "'");
        return device;
    }

    public VigilConfig config() {
        return config;
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The dashboard client's view of the live stream since the gateway (re)started. */
    public LiveStream stream() {
        return stream;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        running.values().forEach(SimulatedDevice::stop);
        stopGateway();
    }
}
