package org.vigil.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.auth.PasswordHashing;
import org.vigil.gateway.config.MqttClientConfig;
import org.vigil.gateway.support.FreePorts;

class GatewayPublisherTest {

    /** Paho's reconnect delay starts at 1 s and is capped at 2 s by the publisher. */
    private static final Duration RECONNECTED = Duration.ofSeconds(15);
    private static final Duration DELIVERED = Duration.ofSeconds(5);
    private static final GatewayIdentity GATEWAY = GatewayIdentity.generated("test-gateway");
    private static final String BRIDGE = "nurse-call";
    private static final String BRIDGE_PASSWORD = "nurse-call-secret";

    @TempDir
    Path dir;

    private final int port = FreePorts.next();
    private final Map<String, String> retained = new ConcurrentHashMap<>();
    private final List<String> watch = new CopyOnWriteArrayList<>();
    private EmbeddedBroker broker;
    private GatewayPublisher publisher;
    private MqttClient bridge;

    @AfterEach
    void stop() throws Exception {
        if (publisher != null && publisher.isRunning()) publisher.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
        if (bridge != null && bridge.isConnected()) bridge.disconnectForcibly(1000);
        if (broker != null) broker.close();
    }

    @Test
    void aRunningGatewayIsRetainedOnlineAndACleanStopLeavesItOffline() throws Exception {
        givenABrokerAndAStartedPublisher();
        givenABridgeListening();

        await("status online").atMost(DELIVERED).until(() -> "online".equals(retained.get(GatewayPublisher.STATUS_TOPIC)));
        await("heartbeat").atMost(GatewayPublisher.HEARTBEAT.multipliedBy(2))
                .until(() -> retained.containsKey(GatewayPublisher.HEARTBEAT_TOPIC));

        publisher.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);

        await("status offline").atMost(DELIVERED).until(() -> "offline".equals(retained.get(GatewayPublisher.STATUS_TOPIC)));
    }

    @Test
    void aLostBrokerIsReportedAndTheRetainedAlarmStateIsPublishedAgainWhenItReturns() throws Exception {
        givenABrokerAndAStartedPublisher();
        await("connected").atMost(DELIVERED).until(() -> publisher.isConnected() && !watch.isEmpty()
                && watch.get(watch.size() - 1).equals("restored"));
        int connectedAt = watch.size();

        broker.close();
        await("loss reported").atMost(DELIVERED).until(() -> watch.subList(connectedAt, watch.size()).contains("lost"));
        publisher.publish("vigil/alarms/bed-1", "{\"alarms\":[\"spo2-low\"]}".getBytes(StandardCharsets.UTF_8), 1, true);
        broker = broker(dir.resolve("broker-again"));

        await("reconnected").atMost(RECONNECTED).until(() -> watch.contains("restored"));
        givenABridgeListening();
        await("alarm state retained").atMost(DELIVERED)
                .until(() -> "{\"alarms\":[\"spo2-low\"]}".equals(retained.get("vigil/alarms/bed-1")));
        assertThat(watch).containsSubsequence("restored", "lost", "restored");
    }

    private void givenABrokerAndAStartedPublisher() throws Exception {
        broker = broker(dir.resolve("broker"));
        publisher = new GatewayPublisher("tcp://127.0.0.1:" + port, "test-gateway-outputs", GATEWAY.username(),
                GATEWAY.password(), Clock.systemUTC());
        publisher.watchConnection(new GatewayPublisher.ConnectionWatch() {
            @Override
            public void lost(String reason) {
                watch.add("lost");
            }

            @Override
            public void restored() {
                watch.add("restored");
            }
        });
        publisher.startAsync().awaitRunning(10, TimeUnit.SECONDS);
    }

    private void givenABridgeListening() throws Exception {
        bridge = new MqttClient("tcp://127.0.0.1:" + port, "test-bridge", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setUserName(BRIDGE);
        options.setPassword(BRIDGE_PASSWORD.toCharArray());
        bridge.connect(options);
        for (String filter : TopicFilters.GATEWAY_ONLY) {
            bridge.subscribe(filter, 1, (topic, message) -> retained.put(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
        }
    }

    /** An embedded broker that knows the gateway and one nurse-call bridge, and nobody else. */
    private EmbeddedBroker broker(Path data) {
        BrokerAccounts accounts = new BrokerAccounts(GATEWAY, List.of("test-gateway", "test-gateway-outputs"),
                List.of(new MqttClientConfig(BRIDGE, PasswordHashing.hash(BRIDGE_PASSWORD.toCharArray(), 4), List.of(),
                        TopicFilters.GATEWAY_ONLY)), false, (clientId, user) -> { });
        return new EmbeddedBroker("127.0.0.1", port, data, accounts, false, null);
    }
}
