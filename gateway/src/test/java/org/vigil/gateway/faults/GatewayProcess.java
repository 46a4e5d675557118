package org.vigil.gateway.faults;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The gateway in a JVM of its own, started from the built jar as a clinic runs it:
 * {@code bin/vigil run --config FILE}, with the shipped JVM options. It writes no configuration; its standard
 * output and error go to a file under {@code target/fault-logs/} and are kept in memory.
 */
final class GatewayProcess implements AutoCloseable {

    /** System property with the path of the shaded jar (set by the failsafe configuration). */
    static final String JAR_PROPERTY = "vigil.gateway.jar";
    static final Path LOG_FOLDER = Path.of("target", "fault-logs");
    /** The launcher a clinic runs; it execs the JVM, so the process is the gateway's own. */
    private static final Path LAUNCHER = Path.of("..", "bin", "vigil").toAbsolutePath().normalize();
    /** From launch to the serving line: JVM start, FHIR context, database migration, broker. */
    static final Duration START = Duration.ofSeconds(60);
    /** A JVM killed by a signal exits with 128 + the signal number (SIGKILL is 9, SIGTERM 15). */
    static final int EXIT_SIGKILL = 128 + 9;
    private static final Duration KILL = Duration.ofSeconds(10);
    /** Logged by Gateway#startParts once every part runs. */
    private static final Pattern SERVING = Pattern.compile("Vigil serves http://[^:/]+:(\\d+)/");
    /** slf4j-simple puts the level between the thread and the logger: "... [main] ERROR Gateway - ..." */
    private static final String ERROR_LEVEL = " ERROR ";
    /** org.slf4j.simpleLogger.dateTimeFormat in simplelogger.properties. */
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final AtomicInteger LAUNCHES = new AtomicInteger();

    private final String name;
    private final Process process;
    private final Instant launchedAt;
    private final Path logFile;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;
    private int httpPort;
    private Instant servingSince;

    private GatewayProcess(String name, Process process, Instant launchedAt, Path logFile) {
        this.name = name;
        this.process = process;
        this.launchedAt = launchedAt;
        this.logFile = logFile;
        this.pump = new Thread(this::pumpOutput, "gateway-output-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts the jar on {@code config} and waits until it serves; {@code name} names its log file. */
    static GatewayProcess start(Path config, String name) throws IOException {
        Path jar = jar();
        Files.createDirectories(LOG_FOLDER);
        Path logFile = LOG_FOLDER.resolve(name + "-" + LAUNCHES.incrementAndGet() + ".log");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "run", "--config", config.toAbsolutePath().toString())
                .directory(config.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true);
        builder.environment().put("VIGIL_JAR", jar.toAbsolutePath().toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("VIGIL_JAVA_OPTS");
        Process process = builder.start();
        GatewayProcess gateway = new GatewayProcess(name, process, Instant.now(), logFile);
        try {
            gateway.awaitServing();
        } catch (RuntimeException | Error e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/vigil-gateway.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no gateway jar at " + jar.toAbsolutePath()
                    + "; build it with mvn package (failsafe passes -D" + JAR_PROPERTY + ")");
        }
        return jar;
    }

    private void awaitServing() {
        try {
            await("gateway " + name + " serving").atMost(START).pollInterval(Duration.ofMillis(50))
                    .until(() -> servingLine().isPresent() || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("gateway " + name + " did not serve within " + START + "; output:\n" + output(), e);
        }
        Optional<String> serving = servingLine();
        if (serving.isEmpty()) {
            awaitPump();
            throw new AssertionError("gateway " + name + " exited with " + process.exitValue()
                    + " before serving; output:\n" + output());
        }
        Matcher port = SERVING.matcher(serving.get());
        if (!port.find()) throw new IllegalStateException("unexpected serving line: " + serving.get());
        httpPort = Integer.parseInt(port.group(1));
        servingSince = timeOf(serving.get())
                .orElseThrow(() -> new IllegalStateException("serving line without a time: " + serving.get()));
    }

    private Optional<String> servingLine() {
        return lines.stream().filter(line -> SERVING.matcher(line).find()).findFirst();
    }

    private void pumpOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                file.write(line);
                file.newLine();
                file.flush();
            }
        } catch (IOException e) {
            lines.add("(output of the gateway could not be read: " + e + ")");
        }
    }

    /** The time slf4j-simple wrote at the start of a line, the gateway's own clock. */
    static Optional<Instant> timeOf(String line) {
        int space = line.indexOf(' ');
        if (space < 0) return Optional.empty();
        try {
            return Optional.of(OffsetDateTime.parse(line.substring(0, space), LOG_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    long pid() {
        return process.pid();
    }

    int httpPort() {
        return httpPort;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** When the test launched the process. */
    Instant launchedAt() {
        return launchedAt;
    }

    /** The time of the gateway's serving line. */
    Instant servingSince() {
        return servingSince;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * {@code kill -9}. On Linux {@link Process#destroyForcibly()} sends SIGKILL and
     * {@link Process#destroy()} SIGTERM (JDK ProcessHandleImpl_unix.c, destroy0); the exit status,
     * 128 + 9, shows which signal ended it.
     */
    void kill9() {
        process.destroyForcibly();
        int status = awaitExit(KILL);
        if (status != EXIT_SIGKILL) {
            throw new IllegalStateException("gateway " + name + " exited with " + status + ", not by SIGKILL");
        }
    }

    /**
     * {@code kill -TERM}, as systemd or Ctrl-C stop it; see {@link #awaitExit(Duration)}. Through the
     * process handle, since {@link Process#destroy()} also closes the pipes (JDK ProcessImpl#destroy),
     * which would lose everything the gateway logs while it stops.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the process to end and returns its exit status; fails if it is still running after {@code bound}. */
    int awaitExit(Duration bound) {
        try {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("gateway " + name + " still running " + bound + " after being asked to stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        awaitPump();
        return process.exitValue();
    }

    private void awaitPump() {
        try {
            pump.join(KILL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<String> logLines() {
        return List.copyOf(lines);
    }

    List<String> errorLines() {
        return lines.stream().filter(line -> line.contains(ERROR_LEVEL)).toList();
    }

    String output() {
        return String.join("\n", lines);
    }

    Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(KILL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        awaitPump();
    }

    @Override
    public String toString() {
        return "gateway " + name + " (pid " + process.pid() + ", log " + logFile + ")";
    }
}
