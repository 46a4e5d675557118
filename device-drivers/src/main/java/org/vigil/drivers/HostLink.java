package org.vigil.drivers;

/** The way back to the device, for protocols that take host commands. */
@FunctionalInterface
public interface HostLink {

    /** Queues bytes for the device; never blocks the caller. */
    void send(byte[] bytes);
}
