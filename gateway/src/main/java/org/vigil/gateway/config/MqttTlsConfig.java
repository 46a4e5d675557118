package org.vigil.gateway.config;

import java.nio.file.Path;

/**
 * The embedded broker's MQTT-over-TLS listener, on the broker's host.
 *
 * @param port        8883 is the port IANA registered for MQTT over TLS
 * @param certificate PEM file with the broker's certificate, followed by its chain
 * @param key         PEM file with the certificate's private key (PKCS#8, unencrypted)
 */
public record MqttTlsConfig(Integer port, String certificate, String key) {

    public MqttTlsConfig {
        port = port == null ? 8883 : port;
    }

    public Path certificatePath(Path configDirectory) {
        return configDirectory.resolve(certificate);
    }

    public Path keyPath(Path configDirectory) {
        return configDirectory.resolve(key);
    }
}
