package org.vigil.drivers.runtime;

import org.vigil.drivers.InvalidFrame;

/**
 * What the driver runtime counts. Labels are protocol names and configured device ids, never a
 * patient identifier. The gateway supplies the Micrometer implementation.
 */
public interface DriverMetrics {

    /** Counts nothing. */
    DriverMetrics NONE = new DriverMetrics() {
        @Override
        public void frameDecoded(String protocol) {
        }

        @Override
        public void invalidFrame(String protocol, InvalidFrame.Cause cause, int discardedBytes) {
        }

        @Override
        public void reconnect(String deviceId) {
        }
    };

    /** A decoder delivered valid output: a reading, a device condition or the device's identity. */
    void frameDecoded(String protocol);

    /** A decoder, or the runtime's receive buffer, discarded bytes. */
    void invalidFrame(String protocol, InvalidFrame.Cause cause, int discardedBytes);

    /** The runtime is about to connect again after a lost, refused or silent connection. */
    void reconnect(String deviceId);
}
