package org.vigil.gateway.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.ISslContextCreator;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLException;

/**
 * The MQTT broker built into the gateway (Moquette), for clinics without one. Persistent, so that
 * QoS 1 messages for the gateway's session survive a gateway restart. Every client is checked by
 * {@link BrokerAccounts}; with {@code tls} set, a second listener on the same host speaks MQTT over
 * TLS with the configured certificate and key.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Where the TLS listener's certificate and key are, and its port. */
    public record Tls(int port, Path certificate, Path key) {
    }

    private final Server server = new Server();
    private final int tlsPort;

    public EmbeddedBroker(String host, int port, Path dataDirectory, BrokerAccounts accounts, boolean anonymous, Tls tls) {
        this.tlsPort = tls == null ? 0 : tls.port();
        Properties properties = new Properties();
        properties.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
        properties.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        properties.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        properties.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, Boolean.toString(anonymous));
        properties.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        properties.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(64 * 1024));
        if (tls != null) properties.setProperty(BrokerConstants.SSL_PORT_PROPERTY_NAME, Integer.toString(tls.port()));
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker data folder " + dataDirectory, e);
        }
        properties.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
        properties.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, dataDirectory.toAbsolutePath().toString());
        SslContext ssl = tls == null ? null : sslContext(tls);
        ISslContextCreator sslCreator = () -> ssl;
        try {
            server.startServer(new MemoryConfig(properties), List.of(), sslCreator, accounts, accounts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded MQTT broker on " + host + ":" + port, e);
        }
    }

    /** Netty reads PEM certificate chains and PKCS#8 keys itself. */
    private static SslContext sslContext(Tls tls) {
        try {
            return SslContextBuilder.forServer(tls.certificate().toFile(), tls.key().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot use the MQTT TLS certificate " + tls.certificate() + " with key "
                    + tls.key() + ": " + e.getMessage(), e);
        }
    }

    /** The port of the TLS listener, or 0 without one. */
    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
