package org.vigil.gateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.auth.PasswordHashing;
import org.vigil.gateway.config.ConfigException;
import org.vigil.gateway.config.Hl7DestinationConfig;
import org.vigil.gateway.config.MqttClientConfig;
import org.vigil.gateway.config.UserConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.demo.SimulatedDeviceAccounts;
import org.vigil.gateway.demo.SimulatedWard;
import org.vigil.model.ScaledClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = {
        "Start the gateway with an embedded broker and simulated beds.",
        "Example: demo --scenario bed-2=desaturation --time-scale 5",
        "         demo --hl7-to 127.0.0.1:6661   (IHE PCD-01 observations and PCD-04 alarm reports over MLLP)"})
final class DemoCommand implements Callable<Integer> {

    /** The files the demo needs when it is started outside the repository. */
    private static final List<String> BUNDLED = List.of("demo.yaml", "alarm-profiles/kap-adult.yaml");

    /** The demo's users, one per role, each named after its role. */
    private static final List<String> DEMO_USERS = List.of("nurse", "viewer", "admin");
    private static final String PASSWORD_ENV = "VIGIL_DEMO_PASSWORD";
    private static final String PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "demo configuration (default: config/demo.yaml, or the copy inside the jar)")
    Path config;

    @Option(names = "--scenario", paramLabel = "BED=SCENARIO",
            description = "what a bed's patient does: normal, desaturation, ketamine-hypertension, bradycardia, "
                    + "sensor-off, cable-pull, garbage, artifact, ketamine-session (repeatable)")
    Map<String, String> scenarios = new LinkedHashMap<>();

    @Option(names = "--time-scale", paramLabel = "N", defaultValue = "1",
            description = "run the simulated ward N times faster than real time: scenarios, devices, the session clock "
                    + "and alarm delays; a scaled ward keeps its records in a throw-away folder (default: ${DEFAULT-VALUE})")
    double timeScale;

    @Option(names = "--hl7-to", paramLabel = "HOST:PORT",
            description = "also send IHE PCD-01 observations and PCD-04 alarm reports over MLLP to this HL7 listener")
    String hl7To;

    @Override
    public Integer call() throws Exception {
        if (timeScale <= 0 || timeScale > 1000) {
            System.err.println("--time-scale must be between 0 and 1000");
            return 2;
        }
        VigilConfig loaded;
        try {
            loaded = GatewayConfigs.loadWithProfiles(config != null ? config : defaultConfig());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (hl7To != null) {
            try {
                Hl7Target target = Hl7Target.parse(hl7To);
                List<Hl7DestinationConfig> destinations = new ArrayList<>(loaded.hl7());
                destinations.addAll(target.destinations());
                loaded = loaded.withHl7(destinations);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
        String password = null;
        if (loaded.users().isEmpty()) {
            password = demoPassword();
            String hash = PasswordHashing.hash(password.toCharArray());
            loaded = loaded.withUsers(DEMO_USERS.stream().map(name -> new UserConfig(name, name, hash)).toList());
        }
        SimulatedDeviceAccounts devices = SimulatedDeviceAccounts.none();
        if (loaded.mqtt().embedded()) {
            devices = SimulatedDeviceAccounts.generate(loaded);
            List<MqttClientConfig> clients = new ArrayList<>(loaded.mqtt().clients());
            clients.addAll(devices.clients());
            loaded = loaded.withMqtt(loaded.mqtt().withClients(clients));
        }
        Clock clock = Clock.systemUTC();
        if (timeScale != 1) {
            // its times run ahead of the real clock, so they must not mix with the demo's own records
            Path records = Files.createTempDirectory("vigil-demo-x" + timeScale);
            loaded = loaded.withStorage(loaded.storage().withDirectory(records.toString()));
            clock = ScaledClock.startingNow(Clock.systemUTC(), timeScale);
            System.out.printf("The ward runs %sx faster than real time; its records are in %s%n", timeScale, records);
        }
        SimulatedWard ward;
        try {
            ward = clock instanceof ScaledClock scaled
                    ? SimulatedWard.onClock(loaded, scenarios, scaled, devices)
                    : new SimulatedWard(loaded, scenarios, 1, devices);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        ward.startTcpDevices();
        Gateway gateway;
        try {
            gateway = Gateway.start(loaded, clock);
        } catch (Exception e) {
            ward.close();
            throw e;
        }
        ward.startMqttDevices();
        System.out.printf("%nVigil demo: open http://%s:%d/ in a browser. Ctrl-C stops it.%n",
                loaded.http().bind(), gateway.httpPort());
        if (hl7To != null) {
            System.out.printf("HL7 v2: PCD-01 observations and PCD-04 alarm reports go to %s over MLLP%n", hl7To);
        }
        if (password != null) {
            System.out.printf("Sign in as %s with the password %s%n%n", String.join(", ", DEMO_USERS),
                    System.getenv(PASSWORD_ENV) != null ? "from " + PASSWORD_ENV : password);
        }
        // The gateway stops first, so that it does not see its simulated devices vanish.
        StopSignals.runUntilStopped(() -> {
            gateway.close();
            ward.close();
        });
        return 0;
    }

    /** From {@code VIGIL_DEMO_PASSWORD}, or twelve random characters that are easy to type. */
    private static String demoPassword() {
        String given = System.getenv(PASSWORD_ENV);
        if (given != null && !given.isEmpty()) return given;
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 12; i++) password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        return password.toString();
    }

    private static Path defaultConfig() throws IOException {
        Path inRepository = Path.of("config", "demo.yaml");
        if (Files.isRegularFile(inRepository)) return inRepository;
        Path extracted = Files.createTempDirectory("vigil-demo");
        for (String name : BUNDLED) {
            Path target = extracted.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = DemoCommand.class.getResourceAsStream("/config/" + name)) {
                if (in == null) throw new IOException("the jar has no bundled config/" + name);
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return extracted.resolve("demo.yaml");
    }
}
