package org.vigil.simulators;

/** Where a simulator writes its bytes; for a message transport (MQTT) one call is one message. */
@FunctionalInterface
public interface FrameOutput {
    void write(byte[] bytes);
}
