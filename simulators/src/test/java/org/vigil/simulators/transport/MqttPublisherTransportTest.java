package org.vigil.simulators.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.PermitAllAuthorizatorPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MqttPublisherTransportTest {

    /** The transport's reconnect backoff is capped, so a broker that is back is found within it. */
    private static final Duration RECONNECT_WAIT = MqttPublisherTransport.MAX_RETRY.plusSeconds(3);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(3);

    private static int port;
    private static Server broker;

    private final String topic = "beds/" + UUID.randomUUID().toString().substring(0, 6) + "/spo2";
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private MqttClient subscriber;
    private MqttPublisherTransport device;

    @BeforeAll
    static void givenABroker() throws IOException {
        port = freePort();
        broker = startBroker(port);
    }

    @AfterAll
    static void stopBroker() {
        broker.stopServer();
    }

    @BeforeEach
    void givenASubscribedGateway() throws MqttException {
        subscriber = subscribe(port);
        device = new MqttPublisherTransport(url(port), topic);
    }

    @AfterEach
    void closeClients() throws MqttException {
        device.close();
        if (subscriber.isConnected()) {
            subscriber.disconnect();
        }
        subscriber.close();
    }

    @Test
    void givenAConnectedDevice_thenEveryWriteArrivesAsOneMessageOnTheTopic() {
        device.open(bytes -> { });
        await("device connected to the broker").atMost(RECONNECT_WAIT).until(device::isConnected);

        device.write(bytes("{\"spo2\":97}"));
        device.write(bytes("{\"spo2\":96}"));

        await("two messages").atMost(DELIVERY_WAIT).until(() -> messages.size() == 2);
        assertThat(messages).containsExactly("{\"spo2\":97}", "{\"spo2\":96}");
    }

    @Test
    void givenAPulledCable_thenTheDeviceLeavesTheBrokerAndComesBackWhenPluggedIn() {
        device.open(bytes -> { });
        await("device connected to the broker").atMost(RECONNECT_WAIT).until(device::isConnected);

        device.setCableConnected(false);
        device.write(bytes("lost"));

        assertThat(device.isConnected()).isFalse();
        device.setCableConnected(true);
        await("device reconnected").atMost(RECONNECT_WAIT).until(device::isConnected);
        device.write(bytes("back"));
        await("message after the cable is back").atMost(DELIVERY_WAIT).until(() -> messages.contains("back"));
        assertThat(messages).doesNotContain("lost");
        assertThat(device.dropped()).isEqualTo(1);
    }

    @Test
    void givenTheBrokerRestarts_thenTheDeviceReconnectsAndPublishesAgain() throws Exception {
        device.open(bytes -> { });
        await("device connected to the broker").atMost(RECONNECT_WAIT).until(device::isConnected);

        broker.stopServer();
        await("device notices the broker is gone").atMost(RECONNECT_WAIT).until(() -> !device.isConnected());
        broker = startBroker(port);
        subscriber.close();
        subscriber = subscribeOnceTheBrokerTakesIt(port);

        await("device reconnected").atMost(RECONNECT_WAIT).until(device::isConnected);
        device.write(bytes("after restart"));
        await("message after restart").atMost(DELIVERY_WAIT).until(() -> messages.contains("after restart"));
    }

    @Test
    void givenNoBrokerYet_whenOneStarts_thenTheDeviceConnectsToIt() throws Exception {
        int laterPort = freePort();
        MqttPublisherTransport early = new MqttPublisherTransport(url(laterPort), topic);
        early.open(bytes -> { });
        Server laterBroker = null;
        try {
            laterBroker = startBroker(laterPort);

            await("device connected once the broker is up").atMost(RECONNECT_WAIT).until(early::isConnected);
        } finally {
            early.close();
            if (laterBroker != null) {
                laterBroker.stopServer();
            }
        }
    }

    @Test
    void givenABrokerThatRefusesAnonymousClients_thenADeviceWithCredentialsSignsInAndOneWithoutStaysOut() throws Exception {
        int securedPort = freePort();
        Properties properties = brokerProperties(securedPort);
        properties.setProperty("allow_anonymous", "false");
        Server secured = new Server();
        secured.startServer(new MemoryConfig(properties), List.of(), null,
                (clientId, user, password) -> "bridge".equals(user) && password != null
                        && "secret".equals(new String(password, StandardCharsets.UTF_8)),
                new PermitAllAuthorizatorPolicy());
        MqttPublisherTransport anonymous = new MqttPublisherTransport(url(securedPort), topic);
        MqttPublisherTransport signedIn = MqttPublisherTransport.signedIn(url(securedPort), topic, "bridge", "secret");
        try {
            anonymous.open(bytes -> { });
            signedIn.open(bytes -> { });

            await("the device with credentials connected").atMost(RECONNECT_WAIT).until(signedIn::isConnected);
            assertThat(anonymous.isConnected()).isFalse();
        } finally {
            anonymous.close();
            signedIn.close();
            secured.stopServer();
        }
    }

    private static Server startBroker(int port) throws IOException {
        Server server = new Server();
        server.startServer(new MemoryConfig(brokerProperties(port)));
        return server;
    }

    private static Properties brokerProperties(int port) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("port", Integer.toString(port));
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("data_path", Files.createTempDirectory("moquette-").toString());
        return properties;
    }

    /**
     * The subscriber stands in for the gateway, which reconnects to a restarted broker with backoff;
     * a fresh broker can drop a connection that arrives while it is still setting up, so the first
     * attempt is not the one under test here: the device's own reconnect is.
     */
    private MqttClient subscribeOnceTheBrokerTakesIt(int brokerPort) {
        List<MqttClient> connected = new CopyOnWriteArrayList<>();
        await("subscriber connected to the restarted broker").atMost(RECONNECT_WAIT)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(MqttException.class)
                .until(() -> connected.add(subscribe(brokerPort)));
        return connected.get(0);
    }

    private MqttClient subscribe(int brokerPort) throws MqttException {
        MqttClient client = new MqttClient(url(brokerPort), "gateway-" + topic.hashCode(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        try {
            client.connect(options);
            client.subscribe(topic, 1, (t, message) -> messages.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
            return client;
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
    }

    private static String url(int brokerPort) {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
