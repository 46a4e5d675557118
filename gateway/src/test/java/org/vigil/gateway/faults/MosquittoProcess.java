package org.vigil.gateway.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vigil.gateway.support.FreePorts;

/**
 * A real {@code mosquitto} of the test's own on a free loopback port, with its own configuration
 * file; it can be killed with SIGKILL and started again on the same port.
 */
final class MosquittoProcess implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");
    static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");
    static final Duration START = Duration.ofSeconds(10);
    private static final Duration STOP = Duration.ofSeconds(5);

    private final Path directory;
    private final Path config;
    private final int port;
    private Process process;
    private int starts;

    private Path log;

    private MosquittoProcess(Path directory, int port, List<String> access) throws IOException {
        this.directory = directory;
        this.port = port;
        this.config = directory.resolve("mosquitto.conf");
        List<String> lines = new ArrayList<>();
        lines.add("listener " + port + " 127.0.0.1");
        lines.addAll(access);
        // No persistence: a broker killed with SIGKILL comes back without sessions or retained messages.
        // Started as root, mosquitto would switch to the user "mosquitto"; it stays the user that runs the test.
        lines.addAll(List.of(
                "persistence false",
                "user " + System.getProperty("user.name"),
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "connection_messages true",
                ""));
        Files.writeString(config, String.join("\n", lines));
    }

    /**
     * Starts an open broker that also logs every message it receives with the sender's client id
     * ({@code log_type debug}: "Received PUBLISH from ID"), for {@link #publicationsFrom}.
     */
    static MosquittoProcess startLoggingPublications(Path directory) throws IOException {
        return start(directory, List.of("allow_anonymous true", "log_type debug"));
    }

    /** Messages received from the client {@code clientId} so far, by the broker's own log. */
    long publicationsFrom(String clientId) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("Received PUBLISH from " + clientId + " ")).count();
        }
    }

    /** Starts a broker whose configuration lives in {@code directory}, open to anonymous clients. */
    static MosquittoProcess start(Path directory) throws IOException {
        return start(directory, List.of("allow_anonymous true"));
    }

    /**
     * Starts a broker that lets in only the users of {@code passwords} (written with
     * {@code mosquitto_passwd}) and allows each what {@code acl} says (mosquitto.conf(5), {@code acl_file}).
     */
    static MosquittoProcess startWithUsers(Path directory, Map<String, String> passwords, String acl)
            throws IOException, InterruptedException {
        RequiredTools.require(PASSWD, "mosquitto");
        Path passwordFile = directory.resolve("passwd");
        Files.writeString(passwordFile, "");
        for (Map.Entry<String, String> user : passwords.entrySet()) {
            Process passwd = new ProcessBuilder(PASSWD.toString(), "-b", passwordFile.toString(), user.getKey(), user.getValue())
                    .redirectErrorStream(true).start();
            String output = new String(passwd.getInputStream().readAllBytes());
            if (!passwd.waitFor(START.toMillis(), TimeUnit.MILLISECONDS) || passwd.exitValue() != 0) {
                throw new IOException("mosquitto_passwd failed for " + user.getKey() + ": " + output);
            }
        }
        Path aclFile = Files.writeString(directory.resolve("acl"), acl);
        return start(directory, List.of("allow_anonymous false", "password_file " + passwordFile, "acl_file " + aclFile));
    }

    private static MosquittoProcess start(Path directory, List<String> access) throws IOException {
        RequiredTools.require(EXECUTABLE, "mosquitto");
        MosquittoProcess broker = new MosquittoProcess(directory, FreePorts.next(), access);
        try {
            broker.launch();
        } catch (RuntimeException | Error | IOException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private synchronized void launch() throws IOException {
        Files.createDirectories(GatewayProcess.LOG_FOLDER);
        log = GatewayProcess.LOG_FOLDER.resolve("mosquitto-" + port + "-" + (++starts) + ".log");
        Process started = new ProcessBuilder(EXECUTABLE.toString(), "-c", config.toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process = started;
        await("mosquitto listening on " + port).atMost(START).pollInterval(Duration.ofMillis(20))
                .until(() -> !started.isAlive() || accepts());
        if (!started.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + started.exitValue() + "; see " + log);
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** {@code kill -9}: SIGKILL (see {@link GatewayProcess#kill9()}), verified by the exit status. */
    synchronized void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("mosquitto survived SIGKILL");
        }
        if (process.exitValue() != GatewayProcess.EXIT_SIGKILL) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ", not by SIGKILL");
        }
    }

    /** Starts the broker again on the same port and configuration; returns once it accepts connections. */
    synchronized void restart() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException("mosquitto is still running");
        launch();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "mosquitto on " + url();
    }
}
