package org.vigil.simulators.integration;

import static org.awaitility.Awaitility.await;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/** Real MQTT brokers on free loopback ports: an embedded Moquette, or a mosquitto process. */
final class Brokers {

    private static final Duration MOSQUITTO_START = Duration.ofSeconds(5);

    private Brokers() {
    }

    interface Broker extends AutoCloseable {
        String url();

        @Override
        void close();
    }

    static Broker moquette() throws IOException {
        int port = freePort();
        Properties properties = new Properties();
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("port", Integer.toString(port));
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("data_path", Files.createTempDirectory("moquette-it-").toString());
        Server server = new Server();
        server.startServer(new MemoryConfig(properties));
        return new Broker() {
            @Override
            public String url() {
                return "tcp://127.0.0.1:" + port;
            }

            @Override
            public void close() {
                server.stopServer();
            }
        };
    }

    /** Starts {@link Environment#MOSQUITTO} with a listener on a free loopback port; stops that process only. */
    static Broker mosquitto() throws IOException {
        int port = freePort();
        Path config = Files.createTempFile("mosquitto-it-", ".conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Process process = new ProcessBuilder(Environment.MOSQUITTO.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Broker broker = new Broker() {
            @Override
            public String url() {
                return "tcp://127.0.0.1:" + port;
            }

            @Override
            public void close() {
                process.destroy();
                try {
                    if (!process.waitFor(2, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                    Files.deleteIfExists(config);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try {
            await("mosquitto listening on port " + port).atMost(MOSQUITTO_START).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || accepts(port));
        } catch (ConditionTimeoutException e) {
            broker.close();
            throw e;
        }
        if (!process.isAlive()) {
            broker.close();
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + " before listening on port " + port);
        }
        return broker;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
