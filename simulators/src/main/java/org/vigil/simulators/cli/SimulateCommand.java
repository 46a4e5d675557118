package org.vigil.simulators.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.SimulatedDevice;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.scenario.Scenario;
import org.vigil.simulators.scenario.Scenarios;
import org.vigil.simulators.transport.MqttPublisherTransport;
import org.vigil.simulators.transport.SerialPortTransport;
import org.vigil.simulators.transport.TcpServerTransport;
import org.vigil.simulators.transport.Transport;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil-simulators}: one simulated device, one scenario, one transport. */
@Command(name = "vigil-simulators", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        versionProvider = SimulateCommand.Version.class,
        description = "Simulates a bedside device speaking its real wire protocol about a patient in a clinical scenario.",
        footer = {"", "Examples:",
                "  vigil-simulators --protocol masimo --scenario desaturation --tcp 0.0.0.0:4001",
                "  vigil-simulators --protocol json --scenario normal --mqtt tcp://localhost:1883 --topic beds/3/spo2",
                "  vigil-simulators --protocol nonin7 --scenario ketamine-hypertension --pty /tmp/ttyA --time-scale 30"})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-p", "--protocol"}, required = true, paramLabel = "P",
            description = "Device protocol to speak.")
    private String protocol;

    @Option(names = {"-s", "--scenario"}, defaultValue = "normal", paramLabel = "S",
            completionCandidates = ScenarioNames.class,
            description = "Clinical scenario: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private String scenario;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nTransport (exactly one):%n")
    private Link link;

    static final class Link {
        @Option(names = "--tcp", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
                description = "Act as a serial device server in raw TCP mode listening on HOST:PORT.")
        HostPort tcp;

        @Option(names = "--mqtt", paramLabel = "URL", description = "Publish to this MQTT broker, e.g. tcp://localhost:1883 (needs --topic).")
        String mqtt;

        @Option(names = "--pty", paramLabel = "PATH", description = "Write to this serial port or pseudo-terminal.")
        String pty;
    }

    @Option(names = "--topic", paramLabel = "T", description = "MQTT topic to publish to.")
    private String topic;

    @Option(names = "--username", paramLabel = "U", description = "MQTT user name to sign in to the broker with.")
    private String username;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Environment variable holding the MQTT password (so that it is not on the command line).")
    private String passwordEnv;

    @Option(names = "--baud", defaultValue = "9600", paramLabel = "N", description = "Baud rate for --pty (default: ${DEFAULT-VALUE}).")
    private int baud;

    @Option(names = "--time-scale", defaultValue = "1", paramLabel = "N",
            description = "Run scenario time N times faster than wall time; frames keep their real-time rate (default: ${DEFAULT-VALUE}).")
    private double timeScale;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for the patient's noise, to repeat a run exactly.")
    private Long seed;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "Stop after this wall time, e.g. 90s, 10m, 2h (default: until Ctrl-C).")
    private Duration duration;

    @Option(names = "--pull-after", paramLabel = "D", converter = DurationConverter.class, defaultValue = "20s",
            description = "cable-pull: when the cable is pulled (default: ${DEFAULT-VALUE}).")
    private Duration pullAfter;

    @Option(names = "--pull-for", paramLabel = "D", converter = DurationConverter.class, defaultValue = "30s",
            description = "cable-pull: how long it stays pulled (default: ${DEFAULT-VALUE}).")
    private Duration pullFor;

    private final SimulatorCatalog catalog;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    public SimulateCommand(SimulatorCatalog catalog) {
        this.catalog = catalog;
    }

    /** Asks a running command to stop, as Ctrl-C does. */
    public void requestStop() {
        stopRequested.countDown();
    }

    @Override
    public Integer call() throws InterruptedException {
        Scenario chosen = chooseScenario();
        DeviceSimulator simulator = chooseSimulator();
        validateNumbers();
        long actualSeed = seed != null ? seed : new Random().nextLong();
        Transport transport = chooseTransport();
        PrintWriter out = spec.commandLine().getOut();
        SimulatedDevice device = SimulatedDevice.builder(simulator, transport)
                .scenario(chosen)
                .timeScale(timeScale)
                .seed(actualSeed)
                .name(protocol)
                .start();
        Thread onCtrlC = new Thread(() -> {
            requestStop();
            device.stop();
        }, "simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        out.printf("%s simulator playing '%s' on %s (time scale %s, seed %d)%n",
                protocol, chosen.name(), transport.describe(), timeScale, actualSeed);
        out.flush();
        try {
            if (duration != null) {
                stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                stopRequested.await();
            }
        } finally {
            device.stop();
            removeHook(onCtrlC);
        }
        out.println("stopped");
        out.flush();
        return 0;
    }

    private Scenario chooseScenario() {
        if (!Scenarios.names().contains(scenario)) {
            throw new ParameterException(spec.commandLine(), "unknown scenario '" + scenario + "'; known: "
                    + String.join(", ", Scenarios.names()));
        }
        if (scenario.equals("cable-pull")) {
            if (pullFor.isZero()) {
                throw new ParameterException(spec.commandLine(), "--pull-for must be longer than zero");
            }
            return Scenarios.cablePull(pullAfter, pullFor);
        }
        return Scenarios.byName(scenario);
    }

    private DeviceSimulator chooseSimulator() {
        if (!catalog.contains(protocol)) {
            throw new ParameterException(spec.commandLine(), "unknown protocol '" + protocol + "'; known: "
                    + (catalog.names().isEmpty() ? "none" : String.join(", ", catalog.names())));
        }
        return catalog.create(protocol);
    }

    private void validateNumbers() {
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new ParameterException(spec.commandLine(), "--time-scale must be a positive number, got " + timeScale);
        }
        if (link.pty != null && baud <= 0) {
            throw new ParameterException(spec.commandLine(), "--baud must be positive, got " + baud);
        }
        if (link.mqtt != null && (topic == null || topic.isBlank())) {
            throw new ParameterException(spec.commandLine(), "--mqtt needs --topic");
        }
        if (link.mqtt == null && topic != null) {
            throw new ParameterException(spec.commandLine(), "--topic only applies to --mqtt");
        }
        if (link.mqtt == null && (username != null || passwordEnv != null)) {
            throw new ParameterException(spec.commandLine(), "--username and --password-env only apply to --mqtt");
        }
        if (passwordEnv != null && username == null) {
            throw new ParameterException(spec.commandLine(), "--password-env needs --username");
        }
        if (passwordEnv != null && System.getenv(passwordEnv) == null) {
            throw new ParameterException(spec.commandLine(), "--password-env " + passwordEnv + ": no such environment variable");
        }
    }

    private Transport chooseTransport() {
        if (link.tcp != null) {
            return new TcpServerTransport(link.tcp.host(), link.tcp.port());
        }
        if (link.mqtt != null) {
            try {
                return MqttPublisherTransport.signedIn(link.mqtt, topic, username,
                        passwordEnv == null ? null : System.getenv(passwordEnv));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return new SerialPortTransport(link.pty, baud);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already running the hook
        }
    }

    /** The version in the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SimulateCommand.class.getPackage().getImplementationVersion();
            return new String[] {"vigil-simulators " + (version == null ? "(development build)" : version)};
        }
    }

    /** Scenario names for the help text. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Scenarios.names().iterator();
        }
    }

    public static CommandLine commandLine(SimulatorCatalog catalog) {
        return new CommandLine(new SimulateCommand(catalog));
    }
}
