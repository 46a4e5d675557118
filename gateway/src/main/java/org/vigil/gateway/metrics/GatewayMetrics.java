package org.vigil.gateway.metrics;

import org.vigil.drivers.runtime.DriverMetrics;
import org.vigil.model.DeviceEvent;

/** What the gateway counts, on top of what the drivers count. No patient identifiers. */
public interface GatewayMetrics extends DriverMetrics {

    void readingReceived(String protocol);

    void deviceEvent(DeviceEvent.Kind kind);

    void eventPublished(String type);
}
