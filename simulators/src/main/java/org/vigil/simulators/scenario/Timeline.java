package org.vigil.simulators.scenario;

import java.time.Duration;

/** The targets of a scenario as a function of scenario time (zero when the scenario starts). */
@FunctionalInterface
public interface Timeline {

    Targets at(Duration scenarioTime);

    static Timeline constant(Targets targets) {
        return time -> targets;
    }
}
