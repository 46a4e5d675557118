package org.vigil.gateway.cli;

import java.nio.file.Path;
import org.vigil.gateway.config.ConfigException;
import org.vigil.gateway.config.ConfigLoader;
import org.vigil.gateway.config.VigilConfig;

/** Loading a configuration the way every command does: the file, then the profiles it names. */
final class GatewayConfigs {

    private GatewayConfigs() {
    }

    static VigilConfig loadWithProfiles(Path file) throws ConfigException {
        VigilConfig config = ConfigLoader.load(file);
        ConfigLoader.loadProfiles(config);
        return config;
    }
}
