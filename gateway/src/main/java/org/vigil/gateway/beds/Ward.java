package org.vigil.gateway.beds;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vigil.gateway.config.BedConfig;
import org.vigil.gateway.config.DeviceConfig;

/** Every bed the gateway watches, and which bed each device belongs to. */
public final class Ward {

    private final Map<String, BedState> beds = new LinkedHashMap<>();
    private final Map<String, BedState> bedByDevice = new LinkedHashMap<>();

    public Ward(Collection<BedConfig> configs) {
        for (BedConfig config : configs) {
            BedState bed = new BedState(config);
            beds.put(config.id(), bed);
            for (DeviceConfig device : config.devices()) {
                bedByDevice.put(device.id(), bed);
            }
        }
    }

    public Collection<BedState> beds() {
        return beds.values();
    }

    public Optional<BedState> bed(String id) {
        return Optional.ofNullable(beds.get(id));
    }

    public Optional<BedState> bedOfDevice(String deviceId) {
        return Optional.ofNullable(bedByDevice.get(deviceId));
    }
}
