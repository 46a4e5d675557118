package org.vigil.drivers;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * One conversation with one device over one connection: negotiation, decoding, keep-alive and
 * commands. A new session is opened for every (re)connection. Called from a single thread.
 */
public interface ProtocolSession {

    /** The connection is up: send whatever the protocol needs to start streaming. */
    default void start(Instant now) {
    }

    /** Bytes arrived from a byte stream (serial port or TCP). */
    void received(ByteBuffer in, Instant now);

    /** One whole message arrived (MQTT); by default treated as stream bytes. */
    default void message(String topic, ByteBuffer payload, Instant now) {
        received(payload, now);
    }

    /** Called periodically (a few times a second) for keep-alives, polling and schedules. */
    default void tick(Instant now) {
    }

    /**
     * A person asked for something.
     *
     * @return {@code false} if this device cannot do it
     */
    default boolean command(DeviceCommand command, Instant now) {
        return false;
    }
}
