package org.vigil.drivers.runtime;

/**
 * Lets whoever consumes the readings slow the intake down instead of dropping what it has taken:
 * a driver calls {@link #awaitRoom()} before it takes in more data, on the thread that takes it in.
 * For MQTT that is the client's callback thread, so the QoS 1 acknowledgement waits too and the
 * broker holds the excess (MQTT 3.1.1 section 4.3.2).
 */
@FunctionalInterface
public interface IntakeGate {

    /** Never waits. */
    IntakeGate OPEN = () -> { };

    /** Returns once there is room downstream; may wait, for a bounded time, while there is none. */
    void awaitRoom();
}
