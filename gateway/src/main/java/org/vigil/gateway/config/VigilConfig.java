package org.vigil.gateway.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole gateway configuration, as loaded from {@code vigil.yaml} and validated by
 * {@link ConfigLoader}. Missing sections take their defaults.
 *
 * @param configDirectory the folder the file was read from; relative paths resolve against it
 */
public record VigilConfig(HttpConfig http, MqttConfig mqtt, StorageConfig storage, ExportSettings export,
                          List<BedConfig> beds, List<UserConfig> users, Path configDirectory) {

    public VigilConfig {
        http = http == null ? HttpConfig.DEFAULT : http;
        mqtt = mqtt == null ? MqttConfig.DEFAULT : mqtt;
        storage = storage == null ? StorageConfig.DEFAULT : storage;
        export = export == null ? ExportSettings.DEFAULT : export;
        beds = beds == null ? List.of() : List.copyOf(beds);
        users = users == null ? List.of() : List.copyOf(users);
        configDirectory = configDirectory == null ? Path.of(".") : configDirectory;
    }

    /** A configuration without users: the HTTP interface is then open (see {@code docs/configuration.md}). */
    public VigilConfig(HttpConfig http, MqttConfig mqtt, StorageConfig storage, ExportSettings export,
                       List<BedConfig> beds, Path configDirectory) {
        this(http, mqtt, storage, export, beds, List.of(), configDirectory);
    }

    public VigilConfig withConfigDirectory(Path directory) {
        return new VigilConfig(http, mqtt, storage, export, beds, users, directory);
    }

    public VigilConfig withHttp(HttpConfig newHttp) {
        return new VigilConfig(newHttp, mqtt, storage, export, beds, users, configDirectory);
    }

    public VigilConfig withMqtt(MqttConfig newMqtt) {
        return new VigilConfig(http, newMqtt, storage, export, beds, users, configDirectory);
    }

    public VigilConfig withUsers(List<UserConfig> newUsers) {
        return new VigilConfig(http, mqtt, storage, export, beds, newUsers, configDirectory);
    }

    /** Folder of the alarm profiles: {@code alarm-profiles/} beside the configuration file. */
    public Path alarmProfileDirectory() {
        return configDirectory.resolve("alarm-profiles");
    }
}
