package org.vigil.drivers;

import java.time.Duration;

/**
 * A protocol whose device the gateway starts measuring on a fixed interval as well as on command,
 * such as a blood-pressure module that only inflates when the host tells it to.
 */
public interface ScheduledMeasurement extends DeviceProtocol {

    /** The shortest interval allowed between scheduled starts. */
    Duration minimumInterval();

    /**
     * The same protocol, starting a measurement every {@code interval} (counted from the connection or
     * the last start) and on command.
     *
     * @throws IllegalArgumentException when {@code interval} is shorter than {@link #minimumInterval()}
     */
    ScheduledMeasurement measuringEvery(Duration interval);

    /** A schedule is a series of starts the gateway commands, so the device also measures on command. */
    @Override
    default boolean measuresOnCommand() {
        return true;
    }
}
