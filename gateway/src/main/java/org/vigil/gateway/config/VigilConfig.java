package org.vigil.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The whole gateway configuration, as loaded from {@code vigil.yaml} and validated by
 * {@link ConfigLoader}. Missing sections take their defaults.
 *
 * @param hl7             HL7 v2 destinations (IHE PCD-01 and PCD-04 over MLLP), none by default
 *
 * @param configDirectory the folder the file was read from; relative paths resolve against it
 * @param ha              active/standby on PostgreSQL, off by default (a single gateway, always active)
 */
public record VigilConfig(HttpConfig http, MqttConfig mqtt, StorageConfig storage, ExportSettings export,
                          List<BedConfig> beds, List<UserConfig> users, List<Hl7DestinationConfig> hl7,
                          Path configDirectory, HaConfig ha) {

    public VigilConfig {
        http = http == null ? HttpConfig.DEFAULT : http;
        mqtt = mqtt == null ? MqttConfig.DEFAULT : mqtt;
        storage = storage == null ? StorageConfig.DEFAULT : storage;
        export = export == null ? ExportSettings.DEFAULT : export;
        beds = beds == null ? List.of() : List.copyOf(beds);
        users = users == null ? List.of() : List.copyOf(users);
        hl7 = hl7 == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(hl7));
        configDirectory = configDirectory == null ? Path.of(".") : configDirectory;
        ha = ha == null ? HaConfig.DEFAULT : ha;
    }

    public VigilConfig(HttpConfig http, MqttConfig mqtt, StorageConfig storage, ExportSettings export,
                       List<BedConfig> beds, List<UserConfig> users, List<Hl7DestinationConfig> hl7,
                       Path configDirectory) {
        this(http, mqtt, storage, export, beds, users, hl7, configDirectory, null);
    }

    /** A configuration without users: the HTTP interface is then open (see {@code docs/configuration.md}). */
    public VigilConfig(HttpConfig http, MqttConfig mqtt, StorageConfig storage, ExportSettings export,
                       List<BedConfig> beds, Path configDirectory) {
        this(http, mqtt, storage, export, beds, List.of(), List.of(), configDirectory);
    }

    public VigilConfig(HttpConfig http, MqttConfig mqtt, StorageConfig storage, ExportSettings export,
                       List<BedConfig> beds, List<UserConfig> users, Path configDirectory) {
        this(http, mqtt, storage, export, beds, users, List.of(), configDirectory);
    }

    public VigilConfig withConfigDirectory(Path directory) {
        return new VigilConfig(http, mqtt, storage, export, beds, users, hl7, directory, ha);
    }

    public VigilConfig withHttp(HttpConfig newHttp) {
        return new VigilConfig(newHttp, mqtt, storage, export, beds, users, hl7, configDirectory, ha);
    }

    public VigilConfig withMqtt(MqttConfig newMqtt) {
        return new VigilConfig(http, newMqtt, storage, export, beds, users, hl7, configDirectory, ha);
    }

    public VigilConfig withStorage(StorageConfig newStorage) {
        return new VigilConfig(http, mqtt, newStorage, export, beds, users, hl7, configDirectory, ha);
    }

    public VigilConfig withUsers(List<UserConfig> newUsers) {
        return new VigilConfig(http, mqtt, storage, export, beds, newUsers, hl7, configDirectory, ha);
    }

    public VigilConfig withHl7(List<Hl7DestinationConfig> destinations) {
        return new VigilConfig(http, mqtt, storage, export, beds, users, destinations, configDirectory, ha);
    }

    public VigilConfig withHa(HaConfig newHa) {
        return new VigilConfig(http, mqtt, storage, export, beds, users, hl7, configDirectory, newHa);
    }

    /** Folder of the alarm profiles: {@code alarm-profiles/} beside the configuration file. */
    public Path alarmProfileDirectory() {
        return configDirectory.resolve("alarm-profiles");
    }
}
