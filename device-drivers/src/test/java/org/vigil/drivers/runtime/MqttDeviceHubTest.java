package org.vigil.drivers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.model.DeviceEvent.Kind.CONNECTED;
import static org.vigil.model.DeviceEvent.Kind.DISCONNECTED;
import static org.vigil.model.DeviceEvent.Kind.SILENT;
import static org.vigil.model.DeviceEvent.Kind.STREAMING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.drivers.DeviceEndpoint;

class MqttDeviceHubTest {

    /** Paho retries after 1 s, 2 s, 4 s...; the broker is back before the delay reaches its ceiling. */
    private static final Duration RECONNECT = MqttDeviceHub.MAX_RECONNECT_DELAY;
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final Duration SLACK = Duration.ofMillis(600);

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();
    private final CountingMetrics metrics = new CountingMetrics();
    /** One broker for the class: Moquette takes about two seconds to stop. */
    private static EmbeddedBroker broker;

    private MqttDeviceHub hub;
    private MqttClient device;
    private String gatewayClientId;

    @BeforeAll
    static void givenABroker() throws IOException {
        broker = EmbeddedBroker.started();
    }

    @AfterAll
    static void stopTheBroker() {
        broker.close();
    }

    @BeforeEach
    void givenAGatewayClientIdOfItsOwn(TestInfo test) {
        gatewayClientId = "vigil-" + test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void tearDown() throws MqttException {
        if (hub != null) {
            hub.close();
        }
        if (device != null && device.isConnected()) {
            device.disconnect();
        }
        if (device != null) {
            device.close();
        }
    }

    @Test
    void routesEachMessageToTheDeviceWhoseTopicFilterMatchesIncludingWildcards() throws MqttException {
        givenAHubWith("bed-1", "ward/bed1/oximeter", "bed-2", "ward/bed2/+/spo2");

        publish("ward/bed2/left/spo2", "SPO2=91");
        publish("ward/bed1/oximeter", "SPO2=99");
        publish("ward/bed3/oximeter", "SPO2=50");

        await("both devices received their reading").atMost(WAIT)
                .until(() -> listener.values("bed-1").size() == 1 && listener.values("bed-2").size() == 1);
        assertThat(listener.values("bed-1")).containsExactly(99.0);
        assertThat(listener.values("bed-2")).containsExactly(91.0);
        assertThat(listener.kinds("bed-1")).containsExactly(CONNECTED, STREAMING);
    }

    @Test
    void keepsEachDevicesMessagesInTheOrderTheyWerePublished() throws MqttException {
        givenAHubWith("bed-1", "ward/bed1/oximeter", "bed-2", "ward/bed2/oximeter");
        List<Double> sent = IntStream.range(0, 200).mapToObj(i -> (double) (i % 101)).toList();

        for (double value : sent) {
            publish("ward/bed1/oximeter", "SPO2=" + value);
            publish("ward/bed2/oximeter", "PR=" + value);
        }

        await("every message delivered").atMost(WAIT.multipliedBy(2))
                .until(() -> listener.values("bed-1").size() == sent.size() && listener.values("bed-2").size() == sent.size());
        assertThat(listener.values("bed-1")).containsExactlyElementsOf(sent);
        assertThat(listener.values("bed-2")).containsExactlyElementsOf(sent);
    }

    @Test
    void reportsSilentAfterTheQuietTimeAndStreamingWhenDataResumes() throws MqttException {
        givenAHubWith("bed-1", "ward/bed1/oximeter");
        publish("ward/bed1/oximeter", "SPO2=97");
        await("device streaming").atMost(WAIT).until(() -> listener.count(STREAMING) == 1);

        await("device reported silent").atMost(LineProtocol.QUIET_TIME.plus(SLACK)).until(() -> listener.count(SILENT) == 1);
        publish("ward/bed1/oximeter", "SPO2=96");

        await("device streams again").atMost(WAIT).until(() -> listener.count(STREAMING) == 2);
        assertThat(listener.kinds()).containsExactly(CONNECTED, STREAMING, SILENT, STREAMING);
    }

    @Test
    void reportsEveryDeviceDisconnectedWhenTheBrokerStopsAndReconnectsWhenItReturns() throws Exception {
        givenAHubWith("bed-1", "ward/bed1/oximeter", "bed-2", "ward/+/thermometer");

        device.disconnect();
        broker.stop();
        await("devices reported disconnected").atMost(WAIT)
                .until(() -> listener.count(DISCONNECTED) == 2);
        broker.start();
        await("devices reported connected again").atMost(RECONNECT)
                .until(() -> listener.count(CONNECTED) == 4);
        device.connect();
        publish("ward/bed1/oximeter", "SPO2=95");

        await("data flows again").atMost(WAIT).until(() -> listener.values("bed-1").contains(95.0));
        assertThat(listener.kinds("bed-1")).containsExactly(CONNECTED, DISCONNECTED, CONNECTED, STREAMING);
        assertThat(listener.kinds("bed-2")).containsExactly(CONNECTED, DISCONNECTED, CONNECTED);
        assertThat(metrics.reconnects).hasValue(2);
    }

    @Test
    void keepsTryingTheFirstConnectUntilTheBrokerIsUp() throws IOException {
        Backoff quick = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
        try (EmbeddedBroker late = EmbeddedBroker.notYetStarted()) {
            MqttHubSettings settings = new MqttHubSettings(late.url(), gatewayClientId, null, null, null, Duration.ofSeconds(30), quick);
            hub = new MqttDeviceHub(settings, listener, metrics, Clock.systemUTC());
            hub.register("bed-1", new LineProtocol(), new DeviceEndpoint.Mqtt("ward/bed1/oximeter"), null);

            hub.start();
            await("refused connects retried").atMost(WAIT).until(() -> metrics.reconnects.get() >= 3);
            late.start();

            await("device reported connected").atMost(quick.maximum().plus(WAIT)).until(() -> listener.count(CONNECTED) == 1);
            assertThat(listener.kinds()).containsExactly(DISCONNECTED, CONNECTED);
            hub.close();
            hub = null;
        }
    }

    @Test
    void deliversMessagesPublishedWhileTheGatewayWasOffline() throws MqttException {
        givenAHubWith("bed-1", "ward/bed1/oximeter");
        hub.close();
        // Moquette 0.17 drops a message it forwards to a session whose disconnect it is still
        // handling (a closed-channel error): what this test is about is the time after that
        await("the gateway's session offline at the broker").atMost(WAIT).until(() -> !broker.isConnected(gatewayClientId));

        publish("ward/bed1/oximeter", "SPO2=91");
        publish("ward/bed1/oximeter", "SPO2=92");
        publish("ward/bed1/oximeter", "SPO2=93");
        hub = startedHub(new String[] {"bed-1", "ward/bed1/oximeter"});

        await("queued messages delivered").atMost(WAIT).until(() -> listener.values("bed-1").size() == 3);
        assertThat(listener.values("bed-1")).containsExactly(91.0, 92.0, 93.0);
    }

    private void givenAHubWith(String... idsAndTopics) throws MqttException {
        hub = startedHub(idsAndTopics);
        device = new MqttClient(broker.url(), gatewayClientId + "-device", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        device.connect(options);
    }

    private MqttDeviceHub startedHub(String[] idsAndTopics) {
        int expectedConnected = (int) listener.count(CONNECTED) + idsAndTopics.length / 2;
        MqttHubSettings settings = MqttHubSettings.of(broker.url(), gatewayClientId).withPersistenceDirectory(dir.resolve("mqtt"));
        MqttDeviceHub started = new MqttDeviceHub(settings, listener, metrics, Clock.systemUTC());
        for (int i = 0; i < idsAndTopics.length; i += 2) {
            started.register(idsAndTopics[i], new LineProtocol(), new DeviceEndpoint.Mqtt(idsAndTopics[i + 1]), null);
        }
        started.start();
        await("devices subscribed").atMost(WAIT).until(() -> listener.count(CONNECTED) == expectedConnected);
        return started;
    }

    private void publish(String topic, String text) throws MqttException {
        device.publish(topic, text.getBytes(StandardCharsets.US_ASCII), 1, false);
    }
}
