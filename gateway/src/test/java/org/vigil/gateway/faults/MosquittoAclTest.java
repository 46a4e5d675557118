package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.mqtt.GatewayPublisher;
import org.vigil.gateway.support.BrokerClients;

/**
 * The mosquitto password file and ACL that docs/configuration.md ("The same rules on an external
 * broker") gives, run in a real mosquitto: the same denials as the embedded broker's, with the
 * gateway's own MQTT outputs signed in as its user.
 */
class MosquittoAclTest {

    private static final Path DOCS = Path.of("..", "docs", "configuration.md");
    private static final String ACL_HEADING = "# mosquitto acl_file for Vigil";
    private static final String GATEWAY = "vigil-gateway";
    private static final String BRIDGE = "chair-2-cuff-bridge";
    private static final String CONSUMER = "nurse-call";
    private static final Map<String, String> PASSWORDS = Map.of(GATEWAY, "gateway-secret", BRIDGE, "bridge-secret",
            CONSUMER, "nurse-call-secret");
    private static final String OWN_TOPIC = "ble/chair-2/cuff/2a35";
    private static final String ALARMS = "vigil/alarms/chair-2";
    private static final Duration DELIVERED = Duration.ofSeconds(10);

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    private String url;
    private GatewayPublisher outputs;
    private MqttAsyncClient gatewayReader;
    private final List<BrokerClients.Message> readByGateway = BrokerClients.inbox();
    private final List<MqttAsyncClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void givenAMosquittoWithTheDocumentedUsersAndAclAndTheGatewaySignedIn() throws Exception {
        MosquittoProcess broker = processes.track(MosquittoProcess.startWithUsers(directory, PASSWORDS, documentedAcl()));
        url = broker.url();
        outputs = new GatewayPublisher(url, GATEWAY + "-outputs", GATEWAY, PASSWORDS.get(GATEWAY), Clock.systemUTC());
        outputs.startAsync().awaitRunning(10, TimeUnit.SECONDS);
        await("the gateway's outputs signed in").atMost(DELIVERED).until(outputs::isConnected);
        gatewayReader = connected(GATEWAY, GATEWAY);
        assertThat(BrokerClients.subscribe(gatewayReader, "ble/#", readByGateway)).as("the gateway reads device topics").isEqualTo(1);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(BrokerClients::close);
        if (outputs != null) outputs.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
    }

    @Test
    void anonymousClientsAndWrongPasswordsAreRefused() {
        assertThat(BrokerClients.refusal(url, "nosy", null, null)).as("anonymous").isIn(4, 5);
        assertThat(BrokerClients.refusal(url, "nosy", CONSUMER, "guess")).as("wrong password").isIn(4, 5);
        assertThat(BrokerClients.refusal(url, "nosy", "nobody", "guess")).as("unknown user").isIn(4, 5);
    }

    @Test
    void aBridgePublishesOnlyToItsOwnTopicAndReadsNothing() throws Exception {
        MqttAsyncClient bridge = connected("bridge", BRIDGE);
        List<BrokerClients.Message> leaked = BrokerClients.inbox();
        BrokerClients.subscribe(bridge, "#", leaked);

        BrokerClients.publishUnacknowledged(bridge, "ble/chair-3/cuff/2a35", "fake", false);
        BrokerClients.publishUnacknowledged(bridge, "vigil/devices/chair-3/oximeter", "fake", false);
        BrokerClients.publish(bridge, OWN_TOPIC, "marker");
        await("the bridge's own reading").atMost(DELIVERED).until(() -> readByGateway.stream().anyMatch(m -> m.payload().equals("marker")));
        // mosquitto grants a subscription and filters what it delivers; the marker was handed to
        // every subscriber before this second publish was acknowledged on the same connection
        BrokerClients.publish(bridge, OWN_TOPIC, "second");

        assertThat(readByGateway).as("what the gateway read").extracting(BrokerClients.Message::topic).containsOnly(OWN_TOPIC);
        assertThat(leaked).as("what the bridge read").isEmpty();
    }

    @Test
    void aConsumerReadsAlarmsButNotReadings() throws Exception {
        MqttAsyncClient pager = connected("pager", CONSUMER);
        List<BrokerClients.Message> paged = BrokerClients.inbox();
        BrokerClients.subscribe(pager, "#", paged);
        MqttAsyncClient bridge = connected("bridge", BRIDGE);

        BrokerClients.publish(bridge, OWN_TOPIC, "reading");
        await("the reading at the gateway").atMost(DELIVERED).until(() -> readByGateway.stream().anyMatch(m -> m.payload().equals("reading")));
        outputs.publish(ALARMS, "alarm".getBytes(StandardCharsets.UTF_8), 1, false).get(10, TimeUnit.SECONDS);

        await("the alarm paged").atMost(DELIVERED).until(() -> paged.stream().anyMatch(m -> m.payload().equals("alarm")));
        assertThat(paged).as("what the pager read").extracting(BrokerClients.Message::topic).noneMatch(topic -> topic.startsWith("ble/"));
    }

    @Test
    void onlyTheGatewayWritesRetainedAlarmStateStatusAndEscalations() throws Exception {
        outputs.publish(ALARMS, "real".getBytes(StandardCharsets.UTF_8), 1, true).get(10, TimeUnit.SECONDS);
        MqttAsyncClient pager = connected("pager", CONSUMER);
        List<BrokerClients.Message> paged = BrokerClients.inbox();
        BrokerClients.subscribe(pager, "vigil/alarms/#", paged);
        BrokerClients.subscribe(pager, "vigil/gateway/status", paged);
        await("the real state paged").atMost(DELIVERED).until(() -> paged.stream().anyMatch(m -> m.payload().equals("real")));

        MqttAsyncClient bridge = connected("bridge", BRIDGE);
        for (MqttAsyncClient intruder : List.of(bridge, pager)) {
            BrokerClients.publishUnacknowledged(intruder, ALARMS, "fake", true);
            BrokerClients.publishUnacknowledged(intruder, ALARMS + "/escalations", "fake", false);
            BrokerClients.publishUnacknowledged(intruder, "vigil/gateway/status", "offline", true);
            BrokerClients.publishUnacknowledged(intruder, ALARMS, "", true);
        }
        BrokerClients.publish(bridge, OWN_TOPIC, "marker");
        await("the bridge's marker").atMost(DELIVERED).until(() -> readByGateway.stream().anyMatch(m -> m.payload().equals("marker")));
        outputs.publish(ALARMS + "/escalations", "real escalation".getBytes(StandardCharsets.UTF_8), 1, false).get(10, TimeUnit.SECONDS);
        await("the real escalation paged").atMost(DELIVERED).until(() -> paged.stream().anyMatch(m -> m.payload().equals("real escalation")));

        MqttAsyncClient latePager = connected("pager-2", CONSUMER);
        List<BrokerClients.Message> retained = BrokerClients.inbox();
        BrokerClients.subscribe(latePager, ALARMS, retained);
        BrokerClients.subscribe(latePager, "vigil/gateway/status", retained);
        await("retained state and status").atMost(DELIVERED).until(() -> retained.size() >= 2);
        assertThat(retained).extracting(BrokerClients.Message::payload).containsExactlyInAnyOrder("real", "online");
        assertThat(paged).extracting(BrokerClients.Message::payload).doesNotContain("fake", "offline", "");
    }

    private MqttAsyncClient connected(String clientId, String user) throws MqttException {
        MqttAsyncClient client = BrokerClients.connect(url, clientId, user, PASSWORDS.get(user));
        clients.add(client);
        return client;
    }

    /** The ACL block of docs/configuration.md, as a reader would copy it. */
    private static String documentedAcl() throws IOException {
        String docs = Files.readString(DOCS);
        int start = docs.indexOf(ACL_HEADING);
        assertThat(start).as("the mosquitto ACL in " + DOCS).isPositive();
        return docs.substring(start, docs.indexOf("```", start));
    }
}
