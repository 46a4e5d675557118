package org.vigil.gateway.metrics;

import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;

/** What the gateway counts. No patient identifiers: protocol and event kind only. */
public interface GatewayMetrics {

    void readingReceived(String protocol);

    void invalidFrame(String protocol, InvalidFrame.Cause cause, int discardedBytes);

    void deviceEvent(DeviceEvent.Kind kind);

    void eventPublished(String type);
}
