package org.vigil.gateway.devices;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.DeviceEndpoint;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.DriverListener;
import org.vigil.drivers.Protocols;
import org.vigil.drivers.ScheduledMeasurement;
import org.vigil.drivers.runtime.DeviceDriver;
import org.vigil.drivers.runtime.DriverMetrics;
import org.vigil.drivers.runtime.IntakeGate;
import org.vigil.drivers.runtime.MqttDeviceHub;
import org.vigil.drivers.runtime.MqttHubSettings;
import org.vigil.gateway.config.BedConfig;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.config.MqttConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.ha.Fence;
import org.vigil.model.ScaledClock;

/**
 * Every configured device's driver, started and stopped together: one {@link DeviceDriver} per
 * serial or TCP device, and one MQTT client for all MQTT devices.
 */
public final class DeviceFleet implements AutoCloseable {

    private final Map<String, DeviceDriver> streamDrivers = new LinkedHashMap<>();
    private final Map<String, DeviceProtocol> protocols = new HashMap<>();
    private final MqttDeviceHub mqtt;
    private final Fence fence;

    public DeviceFleet(VigilConfig config, DriverListener listener, DriverMetrics metrics, Clock clock) {
        this(config, null, null, listener, metrics, clock, IntakeGate.OPEN);
    }

    /**
     * @param mqttUser     the user name the MQTT client presents, {@code null} for none
     * @param mqttPassword its password, {@code null} for none
     * @param intake       consulted before data is taken in from a device, so that storage can slow the intake
     * @param clock        the ward's clock; when it is a {@link ScaledClock} the drivers run on its base clock
     */
    public DeviceFleet(VigilConfig config, String mqttUser, String mqttPassword, DriverListener listener,
                       DriverMetrics metrics, Clock clock, IntakeGate intake) {
        this(config, mqttUser, mqttPassword, listener, metrics, clock, intake, Fence.SINGLE_NODE);
    }

    /** @param fence consulted before a command goes to a device (the lease of an active/standby pair) */
    public DeviceFleet(VigilConfig config, String mqttUser, String mqttPassword, DriverListener listener,
                       DriverMetrics metrics, Clock clock, IntakeGate intake, Fence fence) {
        this.fence = fence;
        if (clock instanceof ScaledClock scaled) {
            listener = new ScaledDeviceTime(listener, scaled);
            clock = scaled.base();
        }
        for (BedConfig bed : config.beds()) {
            for (DeviceConfig device : bed.devices()) protocols.put(device.id(), protocolOf(device));
        }
        mqtt = new MqttDeviceHub(hubSettings(config, mqttUser, mqttPassword), listener, metrics, clock, intake);
        for (BedConfig bed : config.beds()) {
            for (DeviceConfig device : bed.devices()) {
                DeviceEndpoint endpoint = device.endpoint();
                DeviceProtocol protocol = protocols.get(device.id());
                if (endpoint instanceof DeviceEndpoint.Mqtt topic) {
                    mqtt.register(device.id(), protocol, topic,
                            device.maximumQuietTime() == null ? null : device.maximumQuietTime().duration());
                    continue;
                }
                DeviceDriver.Builder builder = DeviceDriver.builder(device.id(), protocol, endpoint)
                        .listener(listener)
                        .metrics(metrics)
                        .clock(clock)
                        .intake(intake);
                if (device.maximumQuietTime() != null) {
                    builder.maximumQuietTime(device.maximumQuietTime().duration());
                }
                streamDrivers.put(device.id(), builder.build());
            }
        }
    }

    private static MqttHubSettings hubSettings(VigilConfig config, String user, String password) {
        MqttConfig mqtt = config.mqtt();
        MqttHubSettings settings = MqttHubSettings.of(mqtt.brokerUrl(), mqtt.clientId())
                .withPersistenceDirectory(Path.of(config.storage().directory()).resolve("mqtt-client"));
        return user == null ? settings : settings.withCredentials(user, password);
    }

    public void start() {
        mqtt.start();
        streamDrivers.values().forEach(DeviceDriver::start);
    }

    /** Sends a command to a device; empty when the device is unknown. */
    public Optional<CompletableFuture<Boolean>> command(String deviceId, DeviceCommand command) {
        DeviceDriver driver = streamDrivers.get(deviceId);
        if (driver != null && !fence.allowsOutput()) return Optional.of(CompletableFuture.completedFuture(false));
        if (driver != null) return Optional.of(driver.command(command));
        return Optional.empty();
    }

    /**
     * The bed's devices that start a measurement when sent {@link DeviceCommand#START_BP}, in
     * configuration order: their protocol measures on command and the fleet drives them over a
     * serial or TCP line.
     */
    public List<String> devicesMeasuringOnCommand(BedConfig bed) {
        return bed.devices().stream()
                .map(DeviceConfig::id)
                .filter(id -> streamDrivers.containsKey(id) && protocols.get(id).measuresOnCommand())
                .toList();
    }

    @Override
    public void close() {
        streamDrivers.values().forEach(DeviceDriver::stop);
        mqtt.close();
    }

    /** The registered protocol, with the device's own measurement schedule where it has one. */
    private static DeviceProtocol protocolOf(DeviceConfig device) {
        DeviceProtocol protocol = Protocols.byName(device.protocol());
        if (device.bpInterval() == null) return protocol;
        if (protocol instanceof ScheduledMeasurement scheduled) {
            return scheduled.measuringEvery(device.bpInterval().duration());
        }
        throw new IllegalArgumentException("device " + device.id() + ": protocol " + protocol.name()
                + " takes no measurement schedule (bp-interval)");
    }
}
