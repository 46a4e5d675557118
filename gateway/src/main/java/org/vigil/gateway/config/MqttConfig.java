package org.vigil.gateway.config;

/**
 * The MQTT broker. By default the gateway starts an embedded broker on {@code host:port}; with
 * {@code url} set it connects to an external one instead.
 *
 * @param passwordEnv name of the environment variable holding the password, so that no
 *                    credential needs to be written in the file
 */
public record MqttConfig(Boolean embedded, String host, Integer port, String url, String username,
                         String passwordEnv, String clientId) {

    public static final MqttConfig DEFAULT = new MqttConfig(null, null, null, null, null, null, null);

    public MqttConfig {
        embedded = embedded == null ? url == null : embedded;
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 1883 : port;
        clientId = clientId == null ? "vigil-gateway" : clientId;
    }

    /** The URL the gateway's client connects to. */
    public String brokerUrl() {
        return url != null ? url : "tcp://" + host + ":" + port;
    }

}
