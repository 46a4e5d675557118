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
                          List<BedConfig> beds, Path configDirectory) {

    public VigilConfig {
        http = http == null ? HttpConfig.DEFAULT : http;
        mqtt = mqtt == null ? MqttConfig.DEFAULT : mqtt;
        storage = storage == null ? StorageConfig.DEFAULT : storage;
        export = export == null ? ExportSettings.DEFAULT : export;
        beds = beds == null ? List.of() : List.copyOf(beds);
        configDirectory = configDirectory == null ? Path.of(".") : configDirectory;
    }

    public VigilConfig withConfigDirectory(Path directory) {
        return new VigilConfig(http, mqtt, storage, export, beds, directory);
    }

    public VigilConfig withHttp(HttpConfig newHttp) {
        return new VigilConfig(newHttp, mqtt, storage, export, beds, configDirectory);
    }

    public VigilConfig withMqtt(MqttConfig newMqtt) {
        return new VigilConfig(http, newMqtt, storage, export, beds, configDirectory);
    }

    public VigilConfig withStorage(StorageConfig newStorage) {
        return new VigilConfig(http, mqtt, newStorage, export, beds, configDirectory);
    }

    /** Folder of the alarm profiles: {@code alarm-profiles/} beside the configuration file. */
    public Path alarmProfileDirectory() {
        return configDirectory.resolve("alarm-profiles");
    }
}
