package org.vigil.simulators;

/** Where a simulator writes its bytes; for a message transport (MQTT) one call is one message. */
@FunctionalInterface
public interface FrameOutput {
    void write(byte[] bytes);

    /**
     * One message on a sub-topic of the device's topic, for devices that publish on several (a BLE
     * bridge publishes each GATT characteristic under its UUID, e.g. {@code 2a36}). A byte stream has
     * no topics: by default the bytes are written as usual.
     */
    default void write(String subTopic, byte[] bytes) {
        write(bytes);
    }
}
