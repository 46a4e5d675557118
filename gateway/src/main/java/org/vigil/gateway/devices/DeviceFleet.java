package org.vigil.gateway.devices;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.DeviceEndpoint;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.DriverListener;
import org.vigil.drivers.Protocols;
import org.vigil.drivers.runtime.DeviceDriver;
import org.vigil.drivers.runtime.DriverMetrics;
import org.vigil.gateway.config.BedConfig;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.config.VigilConfig;

/** Every configured device's driver, started and stopped together. */
public final class DeviceFleet implements AutoCloseable {

    private final Map<String, DeviceDriver> streamDrivers = new LinkedHashMap<>();

    public DeviceFleet(VigilConfig config, DriverListener listener, DriverMetrics metrics) {
        for (BedConfig bed : config.beds()) {
            for (DeviceConfig device : bed.devices()) {
                DeviceEndpoint endpoint = device.endpoint();
                if (endpoint instanceof DeviceEndpoint.Mqtt) continue;
                DeviceDriver.Builder builder = DeviceDriver.builder(device.id(), protocolOf(device), endpoint)
                        .listener(listener)
                        .metrics(metrics);
                if (endpoint instanceof DeviceEndpoint.Serial serial && serial.lineSettings() != null) {
                    builder.lineSettings(serial.lineSettings());
                }
                if (device.maximumQuietTime() != null) {
                    builder.maximumQuietTime(device.maximumQuietTime().duration());
                }
                streamDrivers.put(device.id(), builder.build());
            }
        }
    }

    static DeviceProtocol protocolOf(DeviceConfig device) {
        return Protocols.byName(device.protocol());
    }

    public void start() {
        streamDrivers.values().forEach(DeviceDriver::start);
    }

    /** Sends a command to a device; empty when the device is unknown or not command-capable. */
    public Optional<CompletableFuture<Boolean>> command(String deviceId, DeviceCommand command) {
        DeviceDriver driver = streamDrivers.get(deviceId);
        return driver == null ? Optional.empty() : Optional.of(driver.command(command));
    }

    @Override
    public void close() {
        streamDrivers.values().forEach(DeviceDriver::stop);
    }
}
