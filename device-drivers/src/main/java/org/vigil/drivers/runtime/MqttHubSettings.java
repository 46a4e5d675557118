package org.vigil.drivers.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway reaches its MQTT broker.
 *
 * @param brokerUrl            e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
 * @param clientId             stable across restarts, so that the broker keeps the session
 * @param username             {@code null} for anonymous access
 * @param password             {@code null} for anonymous access
 * @param persistenceDirectory where in-flight QoS 1 messages survive a gateway restart;
 *                             {@code null} keeps them in memory
 * @param keepAlive            MQTT keep-alive interval
 * @param firstConnectBackoff  retry delays while the very first connect fails; after that the
 *                             client reconnects on its own (1 s doubling to 10 s)
 */
public record MqttHubSettings(String brokerUrl, String clientId, String username, String password,
                              Path persistenceDirectory, Duration keepAlive, Backoff firstConnectBackoff) {

    public MqttHubSettings {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(firstConnectBackoff, "firstConnectBackoff");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("an MQTT client id is required for a persistent session");
        }
    }

    /** Anonymous, in-memory persistence, 30 s keep-alive, default backoff. */
    public static MqttHubSettings of(String brokerUrl, String clientId) {
        return new MqttHubSettings(brokerUrl, clientId, null, null, null, Duration.ofSeconds(30), Backoff.DEFAULT);
    }

    public MqttHubSettings withCredentials(String username, String password) {
        return new MqttHubSettings(brokerUrl, clientId, username, password, persistenceDirectory, keepAlive, firstConnectBackoff);
    }

    public MqttHubSettings withPersistenceDirectory(Path directory) {
        return new MqttHubSettings(brokerUrl, clientId, username, password, directory, keepAlive, firstConnectBackoff);
    }

    @Override
    public String toString() {
        return "MqttHubSettings[" + brokerUrl + ", client " + clientId + (username == null ? "" : ", user " + username) + "]";
    }
}
