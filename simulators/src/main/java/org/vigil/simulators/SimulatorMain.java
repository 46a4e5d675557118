package org.vigil.simulators;

import org.vigil.simulators.cli.SimulateCommand;

/** Entry point of {@code vigil-simulators.jar}; see {@link SimulateCommand} for the options. */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.exit(SimulateCommand.commandLine(SimulatorCatalog.standard()).execute(args));
    }
}
