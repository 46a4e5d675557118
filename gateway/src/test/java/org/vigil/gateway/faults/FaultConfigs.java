package org.vigil.gateway.faults;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.gateway.auth.TestUsers;
import org.vigil.gateway.config.UserConfig;
import org.vigil.gateway.support.FreePorts;

/**
 * Writes a {@code vigil.yaml} (docs/configuration.md) and a short-delay alarm profile into a folder,
 * for a gateway process to run on: loopback only, free ports, storage inside the folder.
 */
final class FaultConfigs {

    static final String PROFILE = "fault-short";
    /** The limit alarms' delay in {@link #PROFILE_YAML}. */
    static final Duration LIMIT_DELAY = Duration.ofSeconds(2);

    /**
     * config/alarm-profiles/kap-adult.yaml with the limit delays cut to 2 s, so that a test raises
     * an alarm in seconds; device rules as shipped.
     */
    private static final String PROFILE_YAML = """
            name: fault-short
            reminder-interval: 2m
            audio-pause: 2m
            cuff-hold-max: 60s
            escalate-after:
              high: 60s
              medium: 2m
              low: 5m

            rules:
              - id: spo2-low
                name: SpO2 low
                vital: spo2
                comparison: "<"
                limit: 92
                hysteresis: 1
                delay: 2s
                priority: medium

              - id: spo2-critical
                name: SpO2 critical
                vital: spo2
                comparison: "<"
                limit: 88
                hysteresis: 1
                delay: 2s
                priority: high
                latching: true

              - id: hr-low
                name: Heart rate low
                vital: pulse-rate
                comparison: "<="
                limit: 40
                hysteresis: 2
                delay: 2s
                priority: high
                latching: true

              - id: hr-high
                name: Heart rate high
                vital: pulse-rate
                comparison: ">="
                limit: 131
                hysteresis: 3
                delay: 2s
                priority: medium

              - id: signal-poor
                name: Signal poor
                kind: device
                event: signal-poor
                delay: 30s
                priority: low

              - id: sensor-off
                name: Sensor off
                kind: device
                event: sensor-off
                delay: 30s
                priority: low

              - id: device-silent
                name: Device silent
                kind: device
                event: silent
                priority: medium

              - id: device-disconnected
                name: Device disconnected
                kind: device
                event: disconnected
                priority: medium

              - id: device-fault
                name: Device fault
                kind: device
                event: device-fault
                priority: medium

              - id: data-garbled
                name: Data garbled
                kind: device
                event: data-garbled
                priority: low
            """;

    private FaultConfigs() {
    }

    static Builder in(Path directory) {
        return new Builder(directory);
    }

    /** One entry of a bed's {@code devices:} list. */
    record Device(String id, String yaml) {
    }

    /** A device publishing Vigil JSON readings (docs/json-reading-format.md) on one MQTT topic. */
    static Device json(String id, String topic) {
        return new Device(id, "protocol: json\nmqtt:\n  topic: " + topic);
    }

    /** A device behind a serial device server in raw TCP mode on loopback. */
    static Device tcp(String id, String protocol, int port) {
        return new Device(id, "protocol: " + protocol + "\ntcp:\n  host: 127.0.0.1\n  port: " + port);
    }

    /** The configuration files of the two gateways of an active/standby pair. */
    record Pair(Path first, Path second) {
    }

    static final class Builder {
        private final Path directory;
        private final int httpPort = FreePorts.next();
        private final int embeddedBrokerPort = FreePorts.next();
        private final Map<String, List<Device>> beds = new LinkedHashMap<>();
        private String externalBroker;
        private String jdbcUrl;
        private String databaseUser;
        private URI exportTo;
        private String exportLagAlarm;
        private Integer exportBatchSize;
        private String chartingInterval;
        private boolean users;
        private String haLease;
        private String clientId;

        private Builder(Path directory) {
            this.directory = directory.toAbsolutePath();
        }

        /** An external broker instead of the embedded one. */
        Builder broker(String url) {
            this.externalBroker = url;
            return this;
        }

        Builder postgres(String jdbcUrl, String user) {
            this.jdbcUrl = jdbcUrl;
            this.databaseUser = user;
            return this;
        }

        Builder exportTo(URI baseUrl) {
            this.exportTo = baseUrl;
            return this;
        }

        /** {@code export.lag-alarm}: how far behind the export may fall before it is a technical alarm. */
        Builder exportLagAlarm(String duration) {
            this.exportLagAlarm = duration;
            return this;
        }

        /** {@code export.batch-size}: resources per transaction Bundle. */
        Builder exportBatchSize(int resources) {
            this.exportBatchSize = resources;
            return this;
        }

        Builder chartingInterval(String duration) {
            this.chartingInterval = duration;
            return this;
        }

        /** {@code ha:} on, with this lease (the other timings their defaults); for {@link #writePair}. */
        Builder ha(String lease) {
            this.haLease = lease;
            return this;
        }

        /** {@code mqtt.client-id}, the base of the gateway's MQTT client ids. */
        Builder clientId(String id) {
            this.clientId = id;
            return this;
        }

        /** The viewer, nurse and admin of {@link TestUsers}. */
        Builder withUsers() {
            this.users = true;
            return this;
        }

        Builder bed(String id, Device... devices) {
            beds.put(id, List.of(devices));
            return this;
        }

        /** Where MQTT devices publish: the external broker, or the gateway's embedded one. */
        String brokerUrl() {
            return externalBroker != null ? externalBroker : "tcp://127.0.0.1:" + embeddedBrokerPort;
        }

        Path dataDirectory() {
            return directory.resolve("data");
        }

        /** Writes {@code vigil.yaml} and {@code alarm-profiles/fault-short.yaml}; returns the former. */
        Path write() throws IOException {
            return writeTo(directory, httpPort, dataDirectory(), List.of());
        }

        /**
         * Writes this configuration for each gateway of an active/standby pair, in folders {@code a/}
         * and {@code b/}: each with a port and a data folder of its own (two machines would share
         * them), both naming the two as {@code ha.peers}. {@code second} changes what only the
         * second one has.
         */
        Pair writePair(java.util.function.Consumer<Builder> second) throws IOException {
            int otherPort = FreePorts.next();
            List<String> peers = List.of("http://127.0.0.1:" + httpPort, "http://127.0.0.1:" + otherPort);
            Path first = writeTo(directory.resolve("a"), httpPort, directory.resolve("a").resolve("data"), peers);
            second.accept(this);
            Path other = writeTo(directory.resolve("b"), otherPort, directory.resolve("b").resolve("data"), peers);
            return new Pair(first, other);
        }

        private Path writeTo(Path directory, int httpPort, Path dataDirectory, List<String> peers) throws IOException {
            Files.createDirectories(directory);
            List<String> yaml = new ArrayList<>();
            yaml.add("http:");
            yaml.add("  bind: 127.0.0.1");
            yaml.add("  port: " + httpPort);
            yaml.add("mqtt:");
            if (externalBroker != null) {
                yaml.add("  url: " + externalBroker);
            } else {
                yaml.add("  embedded: true");
                yaml.add("  host: 127.0.0.1");
                yaml.add("  port: " + embeddedBrokerPort);
                yaml.add("  anonymous: true");
            }
            if (clientId != null) yaml.add("  client-id: " + clientId);
            yaml.add("storage:");
            yaml.add("  directory: " + dataDirectory);
            if (jdbcUrl != null) {
                yaml.add("  jdbc-url: " + jdbcUrl);
                yaml.add("  username: " + databaseUser);
            }
            if (chartingInterval != null) yaml.add("  charting-interval: " + chartingInterval);
            if (exportTo != null) {
                yaml.add("export:");
                yaml.add("  base-url: " + exportTo);
                if (exportBatchSize != null) yaml.add("  batch-size: " + exportBatchSize);
                if (exportLagAlarm != null) yaml.add("  lag-alarm: " + exportLagAlarm);
            }
            if (haLease != null) {
                yaml.add("ha:");
                yaml.add("  enabled: true");
                yaml.add("  lease: " + haLease);
                yaml.add("  peers:");
                peers.forEach(peer -> yaml.add("    - " + peer));
            }
            if (users) {
                yaml.add("users:");
                for (UserConfig user : TestUsers.all()) {
                    yaml.add("  - name: " + user.name());
                    yaml.add("    role: " + user.role());
                    yaml.add("    password-hash: \"" + user.passwordHash() + "\"");
                }
            }
            yaml.add("beds:");
            beds.forEach((bed, devices) -> {
                yaml.add("  - id: " + bed);
                yaml.add("    alarm-profile: " + PROFILE);
                yaml.add("    devices:");
                for (Device device : devices) {
                    yaml.add("      - id: " + device.id());
                    device.yaml().lines().forEach(line -> yaml.add("        " + line));
                }
            });
            Path profiles = Files.createDirectories(directory.resolve("alarm-profiles"));
            Files.writeString(profiles.resolve(PROFILE + ".yaml"), PROFILE_YAML);
            Path config = directory.resolve("vigil.yaml");
            Files.writeString(config, String.join("\n", yaml) + "\n");
            return config;
        }
    }
}
