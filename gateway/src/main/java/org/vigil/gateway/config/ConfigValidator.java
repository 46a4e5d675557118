package org.vigil.gateway.config;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.Protocols;
import org.vigil.drivers.ScheduledMeasurement;
import org.vigil.gateway.mqtt.TopicFilters;

/** The checks that binding alone cannot make: ranges, references, uniqueness, one transport per device. */
final class ConfigValidator {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Modular crypt format of bcrypt: {@code $2a$}, {@code $2b$} or {@code $2y$}, cost, 53 characters of salt and hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    /** Characters an HL7 v2 name may hold: no field, component, repetition, escape or sub-component separator. */
    private static final Pattern HL7_NAME = Pattern.compile("[^|^~\\\\&\\p{Cntrl}]*");

    private final String file;
    private final YamlLocations locations;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigValidator(String file, YamlLocations locations) {
        this.file = file;
        this.locations = locations;
    }

    List<ConfigProblem> validate(VigilConfig config) {
        checkPort("/http/port", config.http().port());
        checkHttp(config);
        checkMqtt(config);
        if (config.storage().retentionDays() < 1) {
            problem("/storage/retention-days", "must be at least 1");
        }
        if (config.storage().jdbcUrl() != null
                && !config.storage().jdbcUrl().matches("jdbc:(h2|postgresql):.+")) {
            problem("/storage/jdbc-url", "must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        if (config.storage().chartingInterval().duration().toSeconds() < 10) {
            problem("/storage/charting-interval", "must be at least 10s");
        }
        if (config.storage().recorderQueue() < 100 || config.storage().recorderQueue() > 1_000_000) {
            problem("/storage/recorder-queue", "must be between 100 and 1000000");
        }
        if (config.storage().intakeHold().duration().isNegative() || config.storage().intakeHold().duration().toSeconds() > 60) {
            problem("/storage/intake-hold", "must be between 0s and 60s");
        }
        if (config.export().enabled() && !config.export().baseUrl().matches("https?://.+")) {
            problem("/export/base-url", "must be an http:// or https:// URL");
        }
        if (config.export().batchSize() < 1 || config.export().batchSize() > 1000) {
            problem("/export/batch-size", "must be between 1 and 1000");
        }
        if (config.export().lagAlarm().duration().toSeconds() < 1) {
            problem("/export/lag-alarm", "must be at least 1s");
        }
        if (config.beds().isEmpty()) {
            problem("/beds", "at least one bed is needed");
        }
        checkUsers(config);
        checkHl7(config.hl7());
        checkHa(config);
        Set<String> bedIds = new HashSet<>();
        Set<String> deviceIds = new HashSet<>();
        for (int b = 0; b < config.beds().size(); b++) {
            BedConfig bed = config.beds().get(b);
            String at = "/beds/" + b;
            if (bed == null) {
                problem(at, "empty bed");
                continue;
            }
            checkId(at + "/id", bed.id(), bedIds, "bed");
            if (!Files.isRegularFile(config.alarmProfileDirectory().resolve(bed.alarmProfile() + ".yaml"))) {
                problem(at + "/alarm-profile", "no alarm profile '" + bed.alarmProfile() + "' in "
                        + config.alarmProfileDirectory().getFileName() + "/");
            }
            for (int d = 0; d < bed.devices().size(); d++) {
                checkDevice(at + "/devices/" + d, bed.devices().get(d), deviceIds);
            }
        }
        return problems;
    }

    private void checkHa(VigilConfig config) {
        HaConfig ha = config.ha();
        if (!ha.isEnabled()) return;
        if (config.storage().jdbcUrl() == null || !config.storage().jdbcUrl().startsWith("jdbc:postgresql:")) {
            problem("/ha/enabled", "active/standby needs storage on PostgreSQL (storage.jdbc-url: jdbc:postgresql://...)");
        }
        if (config.mqtt().embedded()) {
            problem("/ha/enabled", "active/standby needs an external MQTT broker (mqtt.url), which both gateways reach");
        }
        if (config.http().publicUrl() == null && !isLoopback(config.http().bind())) {
            problem("/http/public-url", "give the address the dashboard reaches this gateway at: the other gateway of the pair"
                    + " sends browsers there");
        }
        Duration lease = ha.lease().duration();
        if (lease.toMillis() < 1000 || lease.toSeconds() > 60) problem("/ha/lease", "must be between 1s and 60s");
        if (ha.renew().duration().toMillis() < 100 || ha.renew().duration().multipliedBy(2).compareTo(lease) > 0) {
            problem("/ha/renew", "must be at least 100ms and at most half the lease, so that one late renewal does not lose it");
        }
        if (ha.poll().duration().toMillis() < 100 || ha.poll().duration().compareTo(lease) >= 0) {
            problem("/ha/poll", "must be at least 100ms and shorter than the lease");
        }
        for (int p = 0; p < ha.peers().size(); p++) {
            String peer = ha.peers().get(p);
            if (peer == null || !peer.matches("https?://[^/?#\\s]+/?")) {
                problem("/ha/peers/" + p, "must be a gateway's public URL such as https://vigil-a.clinic.example:8443");
            }
        }
    }

    private void checkUsers(VigilConfig config) {
        if (config.users().isEmpty() && !isLoopback(config.http().bind())) {
            problem("/users", "users are required when http.bind is reachable from the network ("
                    + config.http().bind() + "); add at least one user with a password hash");
        }
        Set<String> names = new HashSet<>();
        for (int u = 0; u < config.users().size(); u++) {
            UserConfig user = config.users().get(u);
            String at = "/users/" + u;
            if (user == null) {
                problem(at, "empty user");
                continue;
            }
            checkId(at + "/name", user.name(), names, "user");
            if (user.role() == null || !UserConfig.ROLES.contains(user.role())) {
                problem(at + "/role", "must be one of " + String.join(", ", UserConfig.ROLES));
            }
            if (user.passwordHash() == null || !BCRYPT.matcher(user.passwordHash()).matches()) {
                problem(at + "/password-hash", "must be a bcrypt hash like $2a$12$...; make one with: "
                        + "java -jar vigil-gateway.jar hash-password");
            }
        }
    }

    private void checkMqtt(VigilConfig config) {
        MqttConfig mqtt = config.mqtt();
        if (mqtt.url() != null && !mqtt.url().matches("(tcp|ssl|ws|wss)://.+")) {
            problem("/mqtt/url", "must look like tcp://host:1883 or ssl://host:8883");
        }
        if (!mqtt.embedded()) {
            String external = "applies to the embedded broker only; an external broker keeps its own users, ACL and "
                    + "TLS (docs/configuration.md, \"MQTT broker\")";
            if (mqtt.anonymous()) problem("/mqtt/anonymous", external);
            if (mqtt.tls() != null) problem("/mqtt/tls", external);
            if (!mqtt.clients().isEmpty()) problem("/mqtt/clients", external);
            return;
        }
        checkPort("/mqtt/port", mqtt.port());
        String ownIdentity = "applies to an external broker (mqtt.url); the embedded broker gives the gateway an "
                + "identity of its own at every start";
        if (mqtt.username() != null) problem("/mqtt/username", ownIdentity);
        if (mqtt.passwordEnv() != null) problem("/mqtt/password-env", ownIdentity);
        if (mqtt.anonymous() && !isLoopback(mqtt.host())) {
            problem("/mqtt/anonymous", "anonymous access is only for a test bench on a loopback address, and mqtt.host is "
                    + mqtt.host() + "; give each device, bridge and consumer credentials under mqtt.clients");
        }
        if (mqtt.tls() != null) checkTls(config, mqtt.tls());
        Set<String> names = new HashSet<>();
        for (int c = 0; c < mqtt.clients().size(); c++) {
            MqttClientConfig client = mqtt.clients().get(c);
            String at = "/mqtt/clients/" + c;
            if (client == null) {
                problem(at, "empty client");
                continue;
            }
            checkId(at + "/name", client.name(), names, "MQTT client");
            if (client.name() != null && client.name().equals(mqtt.clientId())) {
                problem(at + "/name", "'" + client.name() + "' is the gateway's own MQTT identity (mqtt.client-id)");
            }
            if (client.passwordHash() == null || !BCRYPT.matcher(client.passwordHash()).matches()) {
                problem(at + "/password-hash", "must be a bcrypt hash like $2a$12$...; make one with: "
                        + "java -jar vigil-gateway.jar hash-password");
            }
            if (client.publish().isEmpty() && client.subscribe().isEmpty()) {
                problem(at, "a client needs publish: topics (a device or bridge) or subscribe: filters (a consumer)");
            }
            for (int t = 0; t < client.publish().size(); t++) {
                String topic = client.publish().get(t);
                if (!TopicFilters.isValid(topic)) {
                    problem(at + "/publish/" + t, "'" + topic + "' is not a valid MQTT topic filter");
                } else if (TopicFilters.reachesGatewayTopics(topic)) {
                    problem(at + "/publish/" + t, "'" + topic + "' reaches " + String.join(" or ", TopicFilters.GATEWAY_ONLY)
                            + ", where only the gateway publishes");
                }
            }
            for (int t = 0; t < client.subscribe().size(); t++) {
                String filter = client.subscribe().get(t);
                if (!TopicFilters.isValid(filter)) {
                    problem(at + "/subscribe/" + t, "'" + filter + "' is not a valid MQTT topic filter");
                } else if (!TopicFilters.insideGatewayTopics(filter)) {
                    problem(at + "/subscribe/" + t, "'" + filter + "' is outside " + String.join(" and ", TopicFilters.GATEWAY_ONLY)
                            + ": consumers read the gateway's alarms and status, not the devices' readings");
                }
            }
        }
    }

    private void checkTls(VigilConfig config, MqttTlsConfig tls) {
        checkPort("/mqtt/tls/port", tls.port());
        if (tls.port().equals(config.mqtt().port())) {
            problem("/mqtt/tls/port", "the TLS listener needs a port of its own, not mqtt.port " + config.mqtt().port());
        }
        if (isBlank(tls.certificate())) {
            problem("/mqtt/tls/certificate", "missing: a PEM file with the broker's certificate");
        } else if (!Files.isReadable(tls.certificatePath(config.configDirectory()))) {
            problem("/mqtt/tls/certificate", "cannot read " + tls.certificatePath(config.configDirectory()));
        }
        if (isBlank(tls.key())) {
            problem("/mqtt/tls/key", "missing: a PEM file with the certificate's private key (PKCS#8)");
        } else if (!Files.isReadable(tls.keyPath(config.configDirectory()))) {
            problem("/mqtt/tls/key", "cannot read " + tls.keyPath(config.configDirectory()));
        }
    }

    private void checkHl7(List<Hl7DestinationConfig> destinations) {
        Set<String> names = new HashSet<>();
        for (int h = 0; h < destinations.size(); h++) {
            Hl7DestinationConfig destination = destinations.get(h);
            String at = "/hl7/" + h;
            if (destination == null) {
                problem(at, "empty HL7 destination");
                continue;
            }
            checkId(at + "/name", destination.name(), names, "HL7 destination");
            if (destination.kind() == null) problem(at + "/kind", "missing; one of pcd-01, pcd-04");
            if (isBlank(destination.host())) problem(at + "/host", "missing host");
            if (destination.port() == null) {
                problem(at + "/port", "missing port");
            } else {
                checkPort(at + "/port", destination.port());
            }
            checkHl7Name(at + "/sending-facility", destination.sendingFacility());
            checkHl7Name(at + "/receiving-application", destination.receivingApplication());
            checkHl7Name(at + "/receiving-facility", destination.receivingFacility());
            if (destination.ackTimeout().duration().toMillis() < 100) problem(at + "/ack-timeout", "must be at least 100ms");
            if (destination.lagAlarm().duration().toSeconds() < 1) problem(at + "/lag-alarm", "must be at least 1s");
        }
    }

    /** An HD namespace id (HL7 v2.6 section 2.A.33): at most 20 characters, none of the encoding characters. */
    private void checkHl7Name(String at, String name) {
        if (name.length() > 20) {
            problem(at, "'" + name + "' is longer than 20 characters");
        } else if (!HL7_NAME.matcher(name).matches()) {
            problem(at, "'" + name + "' may not contain | ^ ~ \\ & or control characters");
        }
    }

    private static boolean isLoopback(String bind) {
        return bind.equals("localhost") || bind.startsWith("127.") || bind.equals("::1");
    }

    private void checkDevice(String at, DeviceConfig device, Set<String> deviceIds) {
        if (device == null) {
            problem(at, "empty device");
            return;
        }
        checkId(at + "/id", device.id(), deviceIds, "device");
        if (device.protocol() == null) {
            problem(at + "/protocol", "missing; one of " + String.join(", ", Protocols.names()));
        } else if (!Protocols.exists(device.protocol())) {
            problem(at + "/protocol", "unknown protocol '" + device.protocol() + "'; one of "
                    + String.join(", ", Protocols.names()));
        }
        int transports = (device.serial() != null ? 1 : 0) + (device.tcp() != null ? 1 : 0)
                + (device.mqtt() != null ? 1 : 0);
        if (transports == 0) {
            problem(at, "missing device transport: give one of serial, tcp or mqtt");
        } else if (transports > 1) {
            problem(at, "a device has one transport: give only one of serial, tcp or mqtt");
        }
        if (device.serial() != null) {
            if (isBlank(device.serial().port())) problem(at + "/serial/port", "missing serial port path");
            if (device.serial().lineSettings() != null) {
                try {
                    LineSettings.parse(device.serial().lineSettings());
                } catch (IllegalArgumentException e) {
                    problem(at + "/serial/line-settings", e.getMessage());
                }
            }
        }
        if (device.tcp() != null) {
            if (isBlank(device.tcp().host())) problem(at + "/tcp/host", "missing host");
            if (device.tcp().port() == null) {
                problem(at + "/tcp/port", "missing port");
            } else {
                checkPort(at + "/tcp/port", device.tcp().port());
            }
        }
        if (device.mqtt() != null && isBlank(device.mqtt().topic())) {
            problem(at + "/mqtt/topic", "missing topic");
        }
        if (device.maximumQuietTime() != null && device.maximumQuietTime().duration().toMillis() < 100) {
            problem(at + "/maximum-quiet-time", "must be at least 100ms");
        }
        if (device.bpInterval() != null && device.protocol() != null && Protocols.exists(device.protocol())) {
            checkSchedule(at + "/bp-interval", device.protocol(), device.bpInterval().duration());
        }
    }

    private void checkHttp(VigilConfig config) {
        HttpConfig http = config.http();
        if (http.publicUrl() != null) {
            try {
                java.net.URI url = new java.net.URI(http.publicUrl());
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null
                        || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
                    problem("/http/public-url", "must be an http:// or https:// URL of a host, without query or user");
                }
            } catch (java.net.URISyntaxException e) {
                problem("/http/public-url", "'" + http.publicUrl() + "' is not a URL: " + e.getReason());
            }
        }
        if (http.idleTimeout().duration().toSeconds() < 1) problem("/http/idle-timeout", "must be at least 1s");
        if (http.requestTimeout().duration().toSeconds() < 1) problem("/http/request-timeout", "must be at least 1s");
        HttpConfig.TlsConfig tls = http.tls();
        if (tls == null) {
            if (http.hsts()) problem("/http/hsts", "HSTS needs https: configure http.tls");
            return;
        }
        if (isBlank(tls.certificate())) {
            problem("/http/tls/certificate", "give the certificate file (PEM, or a .p12/.pfx keystore)");
        } else if (!Files.isReadable(config.configDirectory().resolve(tls.certificate()))) {
            problem("/http/tls/certificate", "cannot read " + tls.certificate());
        }
        if (tls.pkcs12()) {
            if (tls.key() != null) problem("/http/tls/key", "a PKCS #12 keystore holds its key; leave key out");
        } else if (isBlank(tls.key())) {
            problem("/http/tls/key", "give the PEM private key file of the certificate");
        } else if (!Files.isReadable(config.configDirectory().resolve(tls.key()))) {
            problem("/http/tls/key", "cannot read " + tls.key());
        }
    }

    private void checkSchedule(String at, String protocol, Duration interval) {
        if (!(Protocols.byName(protocol) instanceof ScheduledMeasurement scheduled)) {
            problem(at, "protocol '" + protocol + "' is not started on a schedule by the gateway; only "
                    + String.join(", ", scheduledProtocols()) + " takes a bp-interval");
        } else if (interval.compareTo(scheduled.minimumInterval()) < 0) {
            problem(at, "must be at least " + minutesOrSeconds(scheduled.minimumInterval())
                    + ": a cuff needs time between measurements");
        }
    }

    private static List<String> scheduledProtocols() {
        return Protocols.names().stream()
                .filter(name -> Protocols.byName(name) instanceof ScheduledMeasurement)
                .toList();
    }

    private static String minutesOrSeconds(Duration duration) {
        return duration.toSecondsPart() == 0 ? duration.toMinutes() + "m" : duration.toSeconds() + "s";
    }

    private void checkId(String at, String id, Set<String> seen, String what) {
        if (id == null) {
            problem(at, "missing " + what + " id");
        } else if (!ID.matcher(id).matches()) {
            problem(at, "'" + id + "' is not a valid " + what + " id (letters, digits, '.', '_', '-')");
        } else if (!seen.add(id)) {
            problem(at, "duplicate " + what + " id '" + id + "'");
        }
    }

    private void checkPort(String at, int port) {
        if (port < 1 || port > 65535) {
            problem(at, "port " + port + " is out of range 1-65535");
        }
    }

    private void problem(String pointer, String message) {
        problems.add(new ConfigProblem(file, locations.lineOf(pointer), keyOf(pointer), message));
    }

    /** {@code /beds/1/devices/0/tcp/port} becomes {@code beds[1].devices[0].tcp.port}. */
    private static String keyOf(String pointer) {
        StringBuilder key = new StringBuilder();
        for (String part : pointer.substring(1).split("/")) {
            if (part.chars().allMatch(Character::isDigit)) {
                key.append('[').append(part).append(']');
            } else {
                if (key.length() > 0) key.append('.');
                key.append(part);
            }
        }
        return key.toString();
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
