package org.vigil.gateway.config;

import java.util.List;

/**
 * The MQTT broker. By default the gateway starts an embedded broker on {@code host:port}; with
 * {@code url} set it connects to an external one instead.
 *
 * @param username    for an external broker: the gateway's user there (the embedded broker gives
 *                    the gateway a generated identity of its own)
 * @param passwordEnv name of the environment variable holding the password, so that no
 *                    credential needs to be written in the file
 * @param anonymous   embedded broker only: clients without credentials may connect; meant for a
 *                    test bench on a loopback address, and refused on any other
 * @param tls         embedded broker only: a second listener that speaks MQTT over TLS
 * @param clients     embedded broker only: the devices, bridges and consumers that may connect
 */
public record MqttConfig(Boolean embedded, String host, Integer port, String url, String username,
                         String passwordEnv, String clientId, Boolean anonymous, MqttTlsConfig tls,
                         List<MqttClientConfig> clients) {

    public static final MqttConfig DEFAULT = new MqttConfig(null, null, null, null, null, null, null);

    public MqttConfig {
        embedded = embedded == null ? url == null : embedded;
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 1883 : port;
        clientId = clientId == null ? "vigil-gateway" : clientId;
        anonymous = anonymous != null && anonymous;
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /** Without anonymous access, TLS or clients: only the gateway itself may connect. */
    public MqttConfig(Boolean embedded, String host, Integer port, String url, String username,
                      String passwordEnv, String clientId) {
        this(embedded, host, port, url, username, passwordEnv, clientId, null, null, null);
    }

    /** The URL the gateway's client connects to. */
    public String brokerUrl() {
        return url != null ? url : "tcp://" + host + ":" + port;
    }

    /** The client id of the gateway's connection for alarm state and liveness. */
    public String outputsClientId() {
        return clientId + "-outputs";
    }

    /** The client ids the gateway's own connections use; nobody else may take them. */
    public List<String> gatewayClientIds() {
        return List.of(clientId, outputsClientId());
    }

    public MqttConfig withAnonymous(boolean allowed) {
        return new MqttConfig(embedded, host, port, url, username, passwordEnv, clientId, allowed, tls, clients);
    }

    public MqttConfig withClients(List<MqttClientConfig> newClients) {
        return new MqttConfig(embedded, host, port, url, username, passwordEnv, clientId, anonymous, tls, newClients);
    }

    public MqttConfig withTls(MqttTlsConfig newTls) {
        return new MqttConfig(embedded, host, port, url, username, passwordEnv, clientId, anonymous, newTls, clients);
    }
}
