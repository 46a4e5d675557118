package org.vigil.simulators.integration;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import org.vigil.drivers.DeviceEndpoint;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.Protocols;
import org.vigil.drivers.runtime.Backoff;
import org.vigil.drivers.runtime.DeviceDriver;
import org.vigil.drivers.runtime.MqttDeviceHub;
import org.vigil.drivers.runtime.MqttHubSettings;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.SimulatedDevice;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.scenario.Scenario;
import org.vigil.simulators.transport.MqttPublisherTransport;
import org.vigil.simulators.transport.SerialPortTransport;
import org.vigil.simulators.transport.TcpServerTransport;
import org.vigil.simulators.transport.VirtualSerialPair;

/**
 * One simulated device wired to the real driver of its protocol over a real transport: a socat
 * pseudo-terminal pair read through jSerialComm, a device server socket, or an MQTT broker.
 * Closing it stops the driver, the device and the line, in that order.
 */
final class Bench implements AutoCloseable {

    /**
     * Reconnect delays for the tests: short, so that a plugged-back cable is found quickly. The
     * gateway's default (0.5 s doubling to 10 s) would only lengthen the waits.
     */
    static final Backoff RECONNECT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1));
    static final long SEED = 20261129L;

    final String protocol;
    final Recorder recorder = new Recorder();
    final Duration quietTime;
    /** Taken just before the simulated device starts: its scenario (and line fault) clock starts later. */
    Instant started;
    SimulatedDevice device;
    DeviceDriver driver;
    MqttDeviceHub hub;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    private Bench(String protocol, Duration quietTime) {
        this.protocol = protocol;
        this.quietTime = quietTime;
    }

    /** The driver reads the host end of a socat pair through jSerialComm; the device writes to the other end. */
    static Bench serial(SimulatorCatalog catalog, String protocolName, Scenario scenario, double timeScale) throws IOException {
        DeviceProtocol protocol = Protocols.byName(protocolName);
        Bench bench = new Bench(protocolName, protocol.maximumQuietTime());
        try {
            VirtualSerialPair pair = VirtualSerialPair.start();
            bench.toClose.push(pair);
            LineSettings line = protocol.defaultLineSettings();
            bench.driver = DeviceDriver.builder(deviceId(protocolName), protocol,
                            new DeviceEndpoint.Serial(pair.hostEnd().toString(), line))
                    .listener(bench.recorder)
                    .backoff(RECONNECT)
                    .build();
            bench.driver.start();
            bench.toClose.push(bench.driver::stop);
            bench.startDevice(catalog.create(protocolName),
                    new SerialPortTransport(pair.deviceEnd().toString(), line.baudRate()), scenario, timeScale);
            return bench;
        } catch (IOException | RuntimeException e) {
            bench.close();
            throw e;
        }
    }

    /** The device serves a loopback port, as a serial device server in raw TCP mode; the driver connects to it. */
    static Bench tcp(SimulatorCatalog catalog, String protocolName, Scenario scenario, double timeScale) {
        DeviceProtocol protocol = Protocols.byName(protocolName);
        Bench bench = new Bench(protocolName, protocol.maximumQuietTime());
        try {
            TcpServerTransport server = new TcpServerTransport("127.0.0.1", 0);
            bench.startDevice(catalog.create(protocolName), server, scenario, timeScale);
            bench.driver = DeviceDriver.builder(deviceId(protocolName), protocol, new DeviceEndpoint.Tcp("127.0.0.1", server.port()))
                    .listener(bench.recorder)
                    .backoff(RECONNECT)
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            bench.driver.start();
            bench.toClose.push(bench.driver::stop);
            return bench;
        } catch (RuntimeException e) {
            bench.close();
            throw e;
        }
    }

    /**
     * The device publishes to {@code brokerUrl} under a fresh base topic; the gateway's hub subscribes
     * to {@code base} and {@code base/+} (a BLE bridge publishes each characteristic under its UUID).
     *
     * @param quietTime overrides the protocol's, as {@code maximum-quiet-time} does, or {@code null}
     */
    static Bench mqtt(SimulatorCatalog catalog, String protocolName, Scenario scenario, double timeScale,
                      String brokerUrl, Duration quietTime) {
        DeviceProtocol protocol = Protocols.byName(protocolName);
        Bench bench = new Bench(protocolName, quietTime != null ? quietTime : protocol.maximumQuietTime());
        try {
            String base = "vigil-it/" + UUID.randomUUID().toString().substring(0, 8) + "/" + protocolName;
            String filter = protocolName.startsWith("ble-") ? base + "/+" : base;
            bench.hub = new MqttDeviceHub(MqttHubSettings.of(brokerUrl, "gateway-" + base.hashCode()), bench.recorder);
            bench.hub.register(deviceId(protocolName), protocol, new DeviceEndpoint.Mqtt(filter), quietTime);
            bench.hub.start();
            bench.toClose.push(bench.hub);
            bench.startDevice(catalog.create(protocolName), new MqttPublisherTransport(brokerUrl, base), scenario, timeScale);
            return bench;
        } catch (RuntimeException e) {
            bench.close();
            throw e;
        }
    }

    static String deviceId(String protocol) {
        return "bed-it-" + protocol;
    }

    private void startDevice(DeviceSimulator simulator, org.vigil.simulators.transport.Transport transport,
                             Scenario scenario, double timeScale) {
        started = Instant.now();
        device = SimulatedDevice.builder(simulator, transport)
                .scenario(scenario)
                .timeScale(timeScale)
                .seed(SEED)
                .name("sim-" + protocol + "-" + scenario.name())
                .start();
        toClose.push(device);
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                // keep closing the rest; a test that failed already says why
            }
        }
    }

    @Override
    public String toString() {
        return protocol + ": " + recorder.summary();
    }
}
