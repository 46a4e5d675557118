package org.vigil.drivers.runtime;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Properties;

/** A Moquette broker on a free loopback port that a test can stop and start again in-process. */
final class EmbeddedBroker implements AutoCloseable {

    private final int port;
    private Server server;

    private EmbeddedBroker(int port) {
        this.port = port;
    }

    static EmbeddedBroker started() throws IOException {
        EmbeddedBroker broker = notYetStarted();
        broker.start();
        return broker;
    }

    /** A broker whose port is chosen but not yet listening. */
    static EmbeddedBroker notYetStarted() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return new EmbeddedBroker(probe.getLocalPort());
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    void start() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("port", Integer.toString(port));
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("netty.epoll", "false");
        server = new Server();
        server.startServer(new MemoryConfig(properties));
    }

    /** Whether the broker has a live connection for {@code clientId}. */
    boolean isConnected(String clientId) {
        return server.listConnectedClients().stream().anyMatch(client -> client.getClientID().equals(clientId));
    }

    void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
