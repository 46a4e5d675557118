package org.vigil.gateway.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.vigil.gateway.support.FreePorts;

/**
 * A throw-away PostgreSQL of the test's own: {@code initdb} into a temporary folder, then
 * {@code pg_ctl start}/{@code stop} on a free loopback port, as {@code .ci/run} does. PostgreSQL
 * refuses to run as root, so as root its programs run as the user {@code postgres}, which owns the
 * folder.
 */
final class PostgresProcess implements AutoCloseable {

    static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    static final String USER = "postgres";
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final int PG_CTL_WAIT_SECONDS = 30;

    private final Path bin;
    private final Path directory;
    private final Path data;
    private final Path log;
    private final int port;
    private boolean running;

    private PostgresProcess(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.log = directory.resolve("postgres.log");
        this.port = port;
    }

    static PostgresProcess start() throws IOException, InterruptedException {
        Path bin = newestInstallation();
        RequiredTools.require(bin.resolve("postgres"), "postgresql");
        Path directory = Files.createTempDirectory("vigil-fault-pg-");
        if (isRoot()) {
            Files.setOwner(directory, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(USER));
        }
        PostgresProcess postgres = new PostgresProcess(bin, directory, FreePorts.next());
        try {
            postgres.run("initdb", "-D", postgres.data.toString(), "--auth=trust", "-U", USER, "--no-sync", "-E", "UTF8");
            postgres.startServer();
        } catch (IOException | RuntimeException | Error e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    private static Path newestInstallation() throws IOException {
        if (!Files.isDirectory(INSTALLATIONS)) return INSTALLATIONS.resolve("missing").resolve("bin");
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+") && Files.isExecutable(v.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElse(INSTALLATIONS.resolve("missing").resolve("bin"));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code pg_ctl start}, waiting until it accepts connections. */
    synchronized void startServer() throws IOException, InterruptedException {
        run("pg_ctl", "-D", data.toString(), "-l", log.toString(), "-w", "-t", String.valueOf(PG_CTL_WAIT_SECONDS),
                "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1", "start");
        running = true;
    }

    /** {@code pg_ctl stop -m fast}: clients are disconnected and the server shuts down cleanly. */
    synchronized void stopServer() throws IOException, InterruptedException {
        run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", String.valueOf(PG_CTL_WAIT_SECONDS), "stop");
        running = false;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String user() {
        return USER;
    }

    private void run(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (isRoot()) command.addAll(List.of("runuser", "-u", USER, "--"));
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("vigil-fault-pg-command-", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(program + " did not finish within " + COMMAND);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8) + serverLog());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String serverLog() throws IOException {
        return Files.exists(log) ? "\nserver log:\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        try {
            if (running) stopServer();
        } catch (IOException | RuntimeException e) {
            killPostmaster();
            throw e;
        } finally {
            if (Files.exists(log)) {
                Files.createDirectories(GatewayProcess.LOG_FOLDER);
                Files.copy(log, GatewayProcess.LOG_FOLDER.resolve("postgres-" + port + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
            }
        }
    }

    /** The first line of {@code postmaster.pid} is the server's process id. */
    private void killPostmaster() throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Override
    public String toString() {
        return "PostgreSQL on 127.0.0.1:" + port + " in " + directory;
    }
}
