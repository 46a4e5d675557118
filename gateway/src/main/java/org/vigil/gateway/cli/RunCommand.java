package org.vigil.gateway.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigil.gateway.ActiveStandby;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.config.ConfigException;
import org.vigil.gateway.config.VigilConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run the gateway with a configuration until stopped (Ctrl-C).")
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "config/vigil.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() throws Exception {
        VigilConfig loaded;
        try {
            loaded = GatewayConfigs.loadWithProfiles(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        StopSignals.runUntilStopped(loaded.ha().isEnabled() ? ActiveStandby.start(loaded) : Gateway.start(loaded));
        return 0;
    }
}
