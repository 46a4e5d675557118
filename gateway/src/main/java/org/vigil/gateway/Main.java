package org.vigil.gateway;

import org.vigil.gateway.cli.VigilCommand;
import picocli.CommandLine;

/** {@code java -jar vigil-gateway.jar COMMAND}: run, demo, check-config, ports, decode, hash-password, requeue-parked. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new VigilCommand()).execute(args));
    }
}
