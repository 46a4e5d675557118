package org.vigil.simulators;

import java.time.Duration;
import java.time.Instant;

/**
 * A simulated device that writes exactly the bytes the real one writes and answers the host
 * commands the real one answers. Called from one thread; it keeps its own protocol state.
 */
public interface DeviceSimulator {

    /** How often {@link #tick} is called, e.g. one second for a 1 Hz line, 1/75 s for Nonin #7. */
    Duration frameInterval();

    /** Time has come for the device to write what it writes now. */
    void tick(Instant now, PatientState state, FrameOutput out);

    /** The host sent bytes (commands); answer as the device would. */
    default void received(byte[] bytes, Instant now, PatientState state, FrameOutput out) {
    }
}
