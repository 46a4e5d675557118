package org.vigil.gateway.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigil.gateway.config.ConfigException;
import org.vigil.gateway.config.ConfigLoader;
import org.vigil.gateway.config.VigilConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check-config", description = "Validate a configuration file and its alarm profiles, then exit.")
final class CheckConfigCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the configuration, e.g. config/vigil.yaml")
    Path file;

    @Override
    public Integer call() {
        try {
            VigilConfig config = GatewayConfigs.loadWithProfiles(file);
            System.out.println(file + ": OK (" + config.beds().size() + " beds, "
                    + config.beds().stream().mapToInt(bed -> bed.devices().size()).sum() + " devices)");
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
