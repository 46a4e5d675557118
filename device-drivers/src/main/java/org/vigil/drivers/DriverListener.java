package org.vigil.drivers;

import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;

/**
 * Receives what every driver produces. Called from driver threads; implementations hand the work
 * on and return quickly.
 */
public interface DriverListener {

    void reading(Reading reading);

    void event(DeviceEvent event);

    /** Bytes a decoder discarded: counted, and a burst of them is a technical condition. */
    default void invalidFrame(String deviceId, String protocol, InvalidFrame frame) {
    }

    default void identity(String deviceId, DeviceIdentity identity) {
    }
}
