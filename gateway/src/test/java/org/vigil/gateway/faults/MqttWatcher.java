package org.vigil.gateway.faults;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A Paho client that subscribes to topic filters and keeps every message it receives, retained ones included. */
final class MqttWatcher implements AutoCloseable {

    /** @param receivedAt when this client received it */
    record Message(String topic, String payload, boolean retained, Instant receivedAt) {
    }

    private final MqttClient client;
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    private MqttWatcher(MqttClient client) {
        this.client = client;
    }

    static MqttWatcher subscribe(String brokerUrl, String clientId, String... filters) throws MqttException {
        MqttClient client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        MqttWatcher watcher = new MqttWatcher(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        client.connect(options);
        for (String filter : filters) {
            client.subscribe(filter, 1, (topic, message) -> watcher.messages.add(new Message(topic,
                    new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained(), Instant.now())));
        }
        return watcher;
    }

    List<Message> messages(String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) client.disconnect(1000);
        } finally {
            client.close(true);
        }
    }
}
