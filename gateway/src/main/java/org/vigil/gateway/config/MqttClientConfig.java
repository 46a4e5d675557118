package org.vigil.gateway.config;

import java.util.List;

/**
 * One client the embedded broker lets in: a device or bridge that publishes readings, or a
 * consumer (pager, nurse-call bridge) that reads the gateway's alarms.
 *
 * @param name         the MQTT user name it connects with
 * @param passwordHash a bcrypt hash, as printed by {@code vigil-gateway hash-password}
 * @param publish      topics (filters allowed) it may publish to; never under {@code vigil/alarms/}
 *                     or {@code vigil/gateway/}
 * @param subscribe    topic filters it may subscribe to; only under {@code vigil/alarms/} or
 *                     {@code vigil/gateway/}
 */
public record MqttClientConfig(String name, String passwordHash, List<String> publish, List<String> subscribe) {

    public MqttClientConfig {
        publish = publish == null ? List.of() : List.copyOf(publish);
        subscribe = subscribe == null ? List.of() : List.copyOf(subscribe);
    }

    @Override
    public String toString() {
        return "MqttClientConfig[name=" + name + ", publish=" + publish + ", subscribe=" + subscribe + "]";
    }
}
