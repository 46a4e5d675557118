package org.vigil.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.gateway.support.BrokerClients.SUBSCRIPTION_REFUSED;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerting.AlarmEngine;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.alarms.AlarmView;
import org.vigil.gateway.auth.PasswordHashing;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.ReadingPipeline;
import org.vigil.gateway.config.MqttClientConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.support.BrokerClients;
import org.vigil.gateway.support.TestWards;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * The attacks a hostile neighbour made on the embedded broker (anonymous reading of every topic,
 * fake readings and conditions, a real SpO2 alarm ended by a fake 100, retained alarm state
 * overwritten or deleted, fake escalations, the gateway's client id taken over), each replayed
 * against a running gateway whose broker has users and topic permissions.
 */
class EmbeddedBrokerSecurityTest {

    private static final String BED_3_TOPIC = "vigil/devices/bed-3/oximeter";
    private static final String BED_4_TOPIC = "vigil/devices/bed-4/oximeter";
    private static final String BED_3_DEVICE = "bed-3-oximeter";
    private static final String BED_3_PASSWORD = "bed-3-secret";
    private static final String BED_4_BRIDGE = "bed-4-bridge";
    private static final String BED_4_PASSWORD = "bed-4-secret";
    private static final String PAGER = "pager";
    private static final String PAGER_PASSWORD = "pager-secret";
    /** Low, so that the test spends no time on hashing; the gateway checks any cost alike. */
    private static final int TEST_COST = 4;
    private static final Duration PUBLISH_PERIOD = Duration.ofMillis(500);
    /** kap-adult's spo2-critical waits 5 s. */
    private static final Duration ALARM_RAISED = Duration.ofSeconds(5).plusSeconds(10);
    /** A reading crosses broker, driver and pipeline well within this on a loaded machine. */
    private static final Duration DELIVERED = Duration.ofSeconds(10);
    private static final String FAKE_100 = "{\"vital\":\"SPO2\",\"value\":100,\"unit\":\"%\"}";
    private static final String FAKE_SENSOR_OFF = "{\"condition\":\"SENSOR_OFF\",\"active\":true,\"detail\":\"fake\"}";

    @TempDir
    Path storage;

    private final ScheduledExecutorService bed3Oximeter = Executors.newSingleThreadScheduledExecutor();
    private final List<MqttAsyncClient> clients = new CopyOnWriteArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger markers = new AtomicInteger(40);
    private volatile int bed3Spo2 = 97;
    private VigilConfig config;
    private Gateway gateway;
    private String url;

    /** A reading or event as the gateway's pipeline handed it to its stages. */
    private record Seen(String bed, Reading reading, DeviceEvent event) {
    }

    @BeforeEach
    void givenAGatewayWhoseBrokerKnowsTwoDevicesAndAPager() throws Exception {
        VigilConfig base = TestWards.securedConfig(storage, List.of(
                TestWards.bed("bed-3", TestWards.mqtt(BED_3_DEVICE, "json", BED_3_TOPIC)),
                TestWards.bed("bed-4", TestWards.mqtt("bed-4-oximeter", "json", BED_4_TOPIC))));
        config = base.withMqtt(base.mqtt().withClients(List.of(
                client(BED_3_DEVICE, BED_3_PASSWORD, List.of(BED_3_TOPIC), List.of()),
                client(BED_4_BRIDGE, BED_4_PASSWORD, List.of(BED_4_TOPIC), List.of()),
                client(PAGER, PAGER_PASSWORD, List.of(), List.of("vigil/alarms/#", "vigil/gateway/#")))));
        gateway = Gateway.start(config);
        url = config.mqtt().brokerUrl();
        gateway.pipeline().addStage(new ReadingPipeline.Stage() {
            @Override
            public void reading(BedState bed, Reading reading) {
                seen.add(new Seen(bed.id(), reading, null));
            }

            @Override
            public void event(BedState bed, DeviceEvent event) {
                seen.add(new Seen(bed.id(), null, event));
            }
        });
        MqttAsyncClient device = connected(BED_3_DEVICE, BED_3_DEVICE, BED_3_PASSWORD);
        bed3Oximeter.scheduleAtFixedRate(() -> {
            try {
                device.publish(BED_3_TOPIC, spo2(bed3Spo2).getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false);
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        }, 0, PUBLISH_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        await("bed-3's own device is read").atMost(DELIVERED).until(() -> readings("bed-3").anyMatch(r -> r.value() == 97));
    }

    @AfterEach
    void stop() {
        bed3Oximeter.shutdownNow();
        clients.forEach(BrokerClients::close);
        if (gateway != null) gateway.close();
    }

    @Test
    void anAnonymousClientCannotConnectAndNoClientMaySubscribeToEveryTopic() throws Exception {
        assertThat(BrokerClients.refusal(url, "nosy", null, null)).as("anonymous")
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(BrokerClients.refusal(url, "nosy", PAGER, "guess")).as("wrong password")
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(BrokerClients.refusal(url, "nosy", "nobody", "guess")).as("unknown user")
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);

        MqttAsyncClient bridge = connected("bridge", BED_4_BRIDGE, BED_4_PASSWORD);
        MqttAsyncClient pager = connected("pager-1", PAGER, PAGER_PASSWORD);
        List<BrokerClients.Message> leaked = BrokerClients.inbox();
        assertThat(BrokerClients.subscribe(bridge, "#", leaked)).as("a bridge subscribing to #").isEqualTo(SUBSCRIPTION_REFUSED);
        assertThat(BrokerClients.subscribe(bridge, BED_4_TOPIC, leaked)).as("a bridge reading its own topic back")
                .isEqualTo(SUBSCRIPTION_REFUSED);
        assertThat(BrokerClients.subscribe(pager, "#", leaked)).as("a pager subscribing to #").isEqualTo(SUBSCRIPTION_REFUSED);
        assertThat(BrokerClients.subscribe(pager, "vigil/devices/+/oximeter", leaked)).as("a pager reading vitals")
                .isEqualTo(SUBSCRIPTION_REFUSED);
        assertThat(BrokerClients.subscribe(pager, "vigil/alarms/#", BrokerClients.inbox())).as("a pager reading alarms")
                .isEqualTo(1);
        assertThat(leaked).isEmpty();
    }

    @Test
    void aReadingPublishedWithAnotherBedsCredentialsNeverReachesTheBed() throws Exception {
        assertThat(BrokerClients.refusal(url, "fake-oximeter", null, null))
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        MqttAsyncClient intruder = connected("fake-oximeter", BED_4_BRIDGE, BED_4_PASSWORD);

        BrokerClients.publishUnacknowledged(intruder, BED_3_TOPIC, FAKE_100, false);
        afterEverythingTheIntruderSentIsThrough(intruder);

        assertThat(readings("bed-3").filter(r -> r.value() == 100)).as("bed-3 readings of 100").isEmpty();
    }

    @Test
    void aFakeReadingOf100CannotEndARealSpo2Alarm() throws Exception {
        givenBed3InSpo2CriticalAlarm();
        MqttAsyncClient intruder = connected("fake-oximeter", BED_4_BRIDGE, BED_4_PASSWORD);

        BrokerClients.publishUnacknowledged(intruder, BED_3_TOPIC, FAKE_100, false);
        afterEverythingTheIntruderSentIsThrough(intruder);

        assertThat(readings("bed-3").filter(r -> r.value() == 100)).as("bed-3 readings of 100").isEmpty();
        assertThat(gateway.alarms().alarmsOf("bed-3")).anySatisfy(alarm -> {
            assertThat(alarm.rule()).isEqualTo("spo2-critical");
            assertThat(alarm.state()).isEqualTo("ACTIVE");
        });
    }

    @Test
    void aFakeSensorOffNeverReachesTheBed() throws Exception {
        MqttAsyncClient intruder = connected("fake-oximeter", BED_4_BRIDGE, BED_4_PASSWORD);

        BrokerClients.publishUnacknowledged(intruder, BED_3_TOPIC, FAKE_SENSOR_OFF, false);
        afterEverythingTheIntruderSentIsThrough(intruder);

        assertThat(seen).noneMatch(s -> s.bed().equals("bed-3") && s.event() != null
                && s.event().kind() == DeviceEvent.Kind.SENSOR_OFF);
    }

    @Test
    void retainedAlarmStateCannotBeOverwrittenOrDeletedAndNoFakeEscalationOrStatusReachesAPager() throws Exception {
        givenBed3InSpo2CriticalAlarm();
        MqttAsyncClient pager = connected("pager-1", PAGER, PAGER_PASSWORD);
        List<BrokerClients.Message> paged = BrokerClients.inbox();
        BrokerClients.subscribe(pager, "vigil/alarms/#", paged);
        BrokerClients.subscribe(pager, "vigil/gateway/status", paged);
        await("the pager has bed-3's retained alarm state").atMost(DELIVERED).until(() -> paged.stream()
                .anyMatch(m -> m.topic().equals("vigil/alarms/bed-3") && m.payload().contains("spo2-critical")));

        // when: a bridge and the pager itself try to write what only the gateway writes
        MqttAsyncClient bridge = connected("fake-gateway", BED_4_BRIDGE, BED_4_PASSWORD);
        for (MqttAsyncClient intruder : List.of(bridge, pager)) {
            BrokerClients.publishUnacknowledged(intruder, "vigil/alarms/bed-3",
                    "{\"bed\":\"bed-3\",\"alarms\":[{\"rule\":\"fake\",\"priority\":\"HIGH\"}]}", true);
            BrokerClients.publishUnacknowledged(intruder, "vigil/alarms/bed-3/escalations", "{\"rule\":\"fake\"}", false);
            BrokerClients.publishUnacknowledged(intruder, "vigil/gateway/status", "offline", true);
            BrokerClients.publishUnacknowledged(intruder, "vigil/alarms/bed-3", "", true);
        }
        afterEverythingTheIntruderSentIsThrough(bridge);
        List<BrokerClients.Message> again = BrokerClients.inbox();
        BrokerClients.subscribe(pager, "vigil/alarms/bed-3", again);
        BrokerClients.subscribe(pager, "vigil/gateway/status", again);

        // then: what a pager reads, retained or live, is only what the gateway published
        MqttAsyncClient latePager = connected("pager-2", PAGER, PAGER_PASSWORD);
        List<BrokerClients.Message> retained = BrokerClients.inbox();
        BrokerClients.subscribe(latePager, "vigil/alarms/bed-3", retained);
        BrokerClients.subscribe(latePager, "vigil/gateway/status", retained);
        await("retained state after the attack").atMost(DELIVERED).until(() -> retained.size() >= 2 && again.size() >= 2);
        for (List<BrokerClients.Message> received : List.of(retained, again)) {
            assertThat(received).filteredOn(m -> m.topic().equals("vigil/alarms/bed-3"))
                    .allSatisfy(m -> assertThat(m.payload()).contains("spo2-critical").doesNotContain("fake"));
            assertThat(received).filteredOn(m -> m.topic().equals("vigil/gateway/status"))
                    .allSatisfy(m -> assertThat(m.payload()).isEqualTo("online"));
        }
        assertThat(paged).noneMatch(m -> m.payload().contains("fake") || m.payload().isEmpty() || m.payload().equals("offline"));
    }

    @Test
    void aClientWithTheGatewaysClientIdIsRefusedAndRaisesATechnicalAlarm() throws Exception {
        for (String gatewayId : config.mqtt().gatewayClientIds()) {
            assertThat(BrokerClients.refusal(url, gatewayId, BED_4_BRIDGE, BED_4_PASSWORD)).as(gatewayId + " with a bridge's credentials")
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
            assertThat(BrokerClients.refusal(url, gatewayId, config.mqtt().clientId(), "guess")).as(gatewayId + " guessing")
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
            assertThat(BrokerClients.refusal(url, gatewayId, null, null)).as(gatewayId + " anonymous")
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        }
        Instant attemptsDone = Instant.now();

        await("mqtt-client-id-refused raised").atMost(DELIVERED).until(() -> gatewayAlarm(ClientIdTakeoverAlarm.CODE) != null);
        await("bed-3 read after the attempts").atMost(DELIVERED)
                .until(() -> readings("bed-3").anyMatch(r -> r.receivedAt().isAfter(attemptsDone)));
        assertThat(gatewayAlarm(ClientIdTakeoverAlarm.CODE).priority()).isEqualTo("HIGH");
        assertThat(gatewayAlarm("mqtt-connection-lost")).as("the gateway's outputs stayed on the broker").isNull();
        assertThat(seen).as("the gateway's device connection stayed up").noneMatch(s -> s.event() != null
                && s.event().kind() == DeviceEvent.Kind.DISCONNECTED);
        assertThat(gateway.alarms().alarmsOf("bed-3")).noneMatch(alarm -> alarm.rule().equals("device-disconnected"));
    }

    // ---- given / then helpers -----------------------------------------------------------------

    private void givenBed3InSpo2CriticalAlarm() {
        bed3Spo2 = 84;
        await("spo2-critical raised on bed-3").atMost(ALARM_RAISED).until(() -> gateway.alarms().alarmsOf("bed-3").stream()
                .anyMatch(alarm -> alarm.rule().equals("spo2-critical")));
    }

    /**
     * The intruder publishes a marker to a topic it may write; once bed-4 has it, everything the
     * intruder sent before has passed the broker (one connection's messages keep their order, MQTT
     * 3.1.1 section 4.6), and once bed-3's own device is read after that, bed-3 has seen all of it.
     */
    private void afterEverythingTheIntruderSentIsThrough(MqttAsyncClient intruder) throws MqttException {
        int marker = markers.incrementAndGet();
        BrokerClients.publish(intruder, BED_4_TOPIC, "{\"vital\":\"PULSE_RATE\",\"value\":" + marker + ",\"unit\":\"/min\"}");
        await("marker " + marker + " on bed-4").atMost(DELIVERED)
                .until(() -> readings("bed-4").anyMatch(r -> r.vital() == VitalSign.PULSE_RATE && r.value() == marker));
        Instant markerAt = readings("bed-4").filter(r -> r.value() == marker).findFirst().orElseThrow().receivedAt();
        await("bed-3 read after the marker").atMost(DELIVERED)
                .until(() -> readings("bed-3").anyMatch(r -> r.receivedAt().isAfter(markerAt)));
    }

    private java.util.stream.Stream<Reading> readings(String bed) {
        return seen.stream().filter(s -> s.bed().equals(bed) && s.reading() != null).map(Seen::reading);
    }

    private AlarmView gatewayAlarm(String rule) {
        return gateway.alarms().alarmsOf(AlarmEngine.GATEWAY).stream().filter(a -> a.rule().equals(rule)).findFirst().orElse(null);
    }

    private MqttAsyncClient connected(String clientId, String user, String password) throws MqttException {
        MqttAsyncClient client = BrokerClients.connect(url, clientId, user, password);
        clients.add(client);
        return client;
    }

    private static MqttClientConfig client(String name, String password, List<String> publish, List<String> subscribe) {
        return new MqttClientConfig(name, PasswordHashing.hash(password.toCharArray(), TEST_COST), publish, subscribe);
    }

    private static String spo2(int value) {
        return "{\"vital\":\"SPO2\",\"value\":" + value + ",\"unit\":\"%\"}";
    }
}
