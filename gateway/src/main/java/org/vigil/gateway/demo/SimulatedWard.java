package org.vigil.gateway.demo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.drivers.DeviceEndpoint;
import org.vigil.gateway.config.BedConfig;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.model.ScaledClock;
import org.vigil.simulators.SimulatedDevice;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.scenario.Scenario;
import org.vigil.simulators.scenario.Scenarios;
import org.vigil.simulators.transport.MqttPublisherTransport;
import org.vigil.simulators.transport.TcpServerTransport;
import org.vigil.simulators.transport.Transport;

/**
 * A simulated device for every device of a configuration: a device server on each {@code tcp}
 * endpoint, a publisher on each {@code mqtt} topic. Devices of one bed share a seed, so that the
 * oximeter and the cuff describe the same patient.
 */
public final class SimulatedWard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedWard.class);

    private final VigilConfig config;
    private final Map<String, String> scenarioByBed;
    private final double timeScale;
    private final SimulatedDeviceAccounts accounts;
    private final Clock clock;
    private final SimulatorCatalog catalog = SimulatorCatalog.standard();
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final Map<String, List<SimulatedDevice>> devicesByBed = new ConcurrentHashMap<>();

    /**
     * @param scenarioByBed the scenario each bed plays; beds not named play {@code normal}
     */
    public SimulatedWard(VigilConfig config, Map<String, String> scenarioByBed, double timeScale) {
        this(config, scenarioByBed, timeScale, SimulatedDeviceAccounts.none());
    }

    /**
     * @param accounts the broker credentials each MQTT device connects with
     */
    public SimulatedWard(VigilConfig config, Map<String, String> scenarioByBed, double timeScale,
                         SimulatedDeviceAccounts accounts) {
        this(config, scenarioByBed, timeScale, accounts, Clock.systemUTC());
    }

    /**
     * A ward whose devices run on {@code wardClock}, the gateway's scaled clock: scenarios, frames and
     * a cuff's measurement all play at its pace, so a whole session passes in minutes.
     */
    public static SimulatedWard onClock(VigilConfig config, Map<String, String> scenarioByBed, ScaledClock wardClock,
                                        SimulatedDeviceAccounts accounts) {
        return new SimulatedWard(config, scenarioByBed, 1, accounts, wardClock);
    }

    private SimulatedWard(VigilConfig config, Map<String, String> scenarioByBed, double timeScale,
                          SimulatedDeviceAccounts accounts, Clock clock) {
        this.clock = clock;
        this.config = config;
        this.accounts = accounts;
        this.scenarioByBed = scenarioByBed;
        this.timeScale = timeScale;
        for (String bed : scenarioByBed.keySet()) {
            if (config.beds().stream().noneMatch(b -> b.id().equals(bed))) {
                throw new IllegalArgumentException("no bed '" + bed + "' in the configuration");
            }
        }
        scenarioByBed.values().forEach(Scenarios::byName);
    }

    /** Starts the device servers (before the gateway connects to them). */
    public void startTcpDevices() {
        start(true);
    }

    /** Starts the MQTT publishers (once the broker runs). */
    public void startMqttDevices() {
        start(false);
    }

    private void start(boolean tcp) {
        long seed = 1;
        for (BedConfig bed : config.beds()) {
            Scenario scenario = Scenarios.byName(scenarioByBed.getOrDefault(bed.id(), "normal"));
            seed++;
            for (DeviceConfig device : bed.devices()) {
                DeviceEndpoint endpoint = device.endpoint();
                Transport transport;
                if (tcp && endpoint instanceof DeviceEndpoint.Tcp server) {
                    transport = new TcpServerTransport(server.host(), server.port());
                } else if (!tcp && endpoint instanceof DeviceEndpoint.Mqtt topic) {
                    transport = new MqttPublisherTransport(config.mqtt().brokerUrl(), publishTopic(topic.topic()),
                            "sim-" + device.id(), accounts.has(device.id()) ? SimulatedDeviceAccounts.username(device.id()) : null,
                            accounts.password(device.id()));
                } else {
                    continue;
                }
                SimulatedDevice started = SimulatedDevice.builder(catalog.create(device.protocol()), transport)
                        .scenario(scenario)
                        .timeScale(timeScale)
                        .clock(clock)
                        .seed(seed)
                        .name(device.id())
                        .start();
                devices.add(started);
                devicesByBed.computeIfAbsent(bed.id(), b -> new CopyOnWriteArrayList<>()).add(started);
                LOG.info("Simulated {} ({}) on {} plays {}", device.id(), device.protocol(), transport.describe(), scenario.name());
            }
        }
    }

    /**
     * The patient at {@code bedId} starts {@code scenario} now, on every device of the bed: a
     * session's scenario begins at check-in, whenever that is.
     */
    public void play(String bedId, Scenario scenario) {
        List<SimulatedDevice> atBed = devicesByBed.get(bedId);
        if (atBed == null) throw new IllegalArgumentException("no simulated device at bed '" + bedId + "'");
        atBed.forEach(device -> device.switchScenario(scenario));
    }

    /** A subscription filter ending in a wildcard names the base topic the device publishes under. */
    static String publishTopic(String filter) {
        if (filter.endsWith("/+") || filter.endsWith("/#")) return filter.substring(0, filter.length() - 2);
        return filter;
    }

    @Override
    public void close() {
        devices.forEach(SimulatedDevice::stop);
    }
}
