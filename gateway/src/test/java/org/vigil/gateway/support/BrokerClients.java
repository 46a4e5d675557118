package org.vigil.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Paho clients as devices, bridges, pagers and intruders use them, for the broker security tests. */
public final class BrokerClients {

    /** SUBACK return code for a refused subscription, MQTT 3.1.1 section 3.9.3. */
    public static final int SUBSCRIPTION_REFUSED = 0x80;
    private static final long WAIT_MILLIS = 10_000;

    /** One message as a subscriber received it. */
    public record Message(String topic, String payload) {
    }

    private BrokerClients() {
    }

    /** Connected, or the broker's refusal as an {@link MqttException}. */
    public static MqttAsyncClient connect(String url, String clientId, String user, String password) throws MqttException {
        return connect(url, clientId, user, password, null);
    }

    public static MqttAsyncClient connect(String url, String clientId, String user, String password, SocketFactory sockets)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        options.setAutomaticReconnect(false);
        // Paho would otherwise try MQTT 3.1 after a refusal, whose 23-character limit on client ids hides the reason.
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (user != null) options.setUserName(user);
        if (password != null) options.setPassword(password.toCharArray());
        if (sockets != null) options.setSocketFactory(sockets);
        try {
            client.connect(options).waitForCompletion(WAIT_MILLIS);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return client;
    }

    /** The reason code of the broker's refusal of this connection, or 0 when it accepted it. */
    public static int refusal(String url, String clientId, String user, String password) {
        try {
            MqttAsyncClient client = connect(url, clientId, user, password);
            close(client);
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** Subscribes and returns the QoS the broker granted, {@link #SUBSCRIPTION_REFUSED} if it refused. */
    public static int subscribe(MqttAsyncClient client, String filter, List<Message> into) throws MqttException {
        IMqttToken token;
        try {
            token = client.subscribe(filter, 1, (topic, message) ->
                    into.add(new Message(topic, new String(message.getPayload(), StandardCharsets.UTF_8))));
            token.waitForCompletion(WAIT_MILLIS);
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) return SUBSCRIPTION_REFUSED;
            throw e;
        }
        return token.getGrantedQos()[0];
    }

    public static List<Message> inbox() {
        return new CopyOnWriteArrayList<>();
    }

    /** Hands the message to the broker at QoS 0 and QoS 1 without waiting: a refused QoS 1 publish is never acknowledged. */
    public static void publishUnacknowledged(MqttAsyncClient client, String topic, String payload, boolean retain) throws MqttException {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        client.publish(topic, bytes, 0, retain);
        client.publish(topic, bytes, 1, retain);
    }

    /** Publishes at QoS 1 and waits for the broker's PUBACK. */
    public static void publish(MqttAsyncClient client, String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(WAIT_MILLIS);
    }

    public static void close(MqttAsyncClient client) {
        if (client == null) return;
        try {
            if (client.isConnected()) client.disconnect(1000).waitForCompletion(2000);
        } catch (MqttException e) {
            // closing below either way
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }
}
