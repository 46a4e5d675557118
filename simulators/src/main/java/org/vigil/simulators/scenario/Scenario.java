package org.vigil.simulators.scenario;

import java.time.Duration;
import java.util.Objects;
import org.vigil.simulators.transport.LineFault;

/**
 * A clinical situation to simulate: how the patient's vitals and the sensor evolve over scenario
 * time, and what happens to the line between the device and the gateway.
 */
public record Scenario(String name, String description, Timeline timeline, LineFault.Factory lineFault) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(lineFault, "lineFault");
    }

    public Targets targetsAt(Duration scenarioTime) {
        return timeline.at(scenarioTime);
    }

    @Override
    public String toString() {
        return name;
    }
}
