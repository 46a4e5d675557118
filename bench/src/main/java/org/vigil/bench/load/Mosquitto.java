package org.vigil.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mosquitto} broker of the run's own, on a free loopback port with a temporary
 * configuration; stopped by its own process id.
 */
final class Mosquitto implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 5000;

    private final Process process;
    private final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Mosquitto start(String executable, Path workDirectory) throws IOException, InterruptedException {
        int port = freePort();
        Path config = workDirectory.resolve("mosquitto.conf");
        // No limit on queued messages, so that a slow subscriber is measured as slow rather than
        // silently losing messages; Nagle off, as a latency-minded deployment would set it.
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "max_queued_messages 0",
                "max_inflight_messages 0",
                "set_tcp_nodelay true",
                "log_dest file " + workDirectory.resolve("mosquitto.log"),
                "log_type error",
                "log_type warning",
                ""));
        Process process = new ProcessBuilder(executable, "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDirectory.resolve("mosquitto.out").toFile())
                .start();
        Mosquitto broker = new Mosquitto(process, port);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!broker.accepts()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                broker.close();
                throw new IOException("mosquitto did not start on port " + port + "; see " + workDirectory);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return broker;
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
