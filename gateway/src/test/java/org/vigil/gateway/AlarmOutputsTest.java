package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.storage.AuditEntry;
import org.vigil.gateway.storage.AuditRepository;
import org.vigil.gateway.support.TestWards;

/** What leaves the gateway when an alarm changes and when a limit is changed: MQTT state and the audit log. */
class AlarmOutputsTest {

    private static final String DEVICE_TOPIC = "vigil/devices/bed-1/oximeter";
    /** kap-adult's spo2-critical waits 5 s; the alarm outputs follow within the bound below. */
    private static final Duration RAISED = Duration.ofSeconds(5).plusSeconds(10);

    @TempDir
    Path storage;

    private final ScheduledExecutorService oximeter = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;
    private MqttClient client;

    @AfterEach
    void stop() throws Exception {
        oximeter.shutdownNow();
        if (client != null && client.isConnected()) client.disconnect();
        if (gateway != null) gateway.close();
    }

    @Test
    void anAlarmPublishesTheBedsStateRetainedAndALimitChangeIsAuditedWithItsAuthor() throws Exception {
        VigilConfig config = TestWards.config(storage, List.of(
                TestWards.bed("bed-1", TestWards.mqtt("bed-1-oximeter", "json", DEVICE_TOPIC))));
        gateway = Gateway.start(config);
        Instant started = Instant.now();
        client = new MqttClient(config.mqtt().brokerUrl(), "test-pager", new MemoryPersistence());
        client.connect();

        oximeter.scheduleAtFixedRate(this::publishSpo2Of84, 0, 500, TimeUnit.MILLISECONDS);
        await("spo2-critical raised").atMost(RAISED).until(() -> gateway.alarms().alarmsOf("bed-1").stream()
                .anyMatch(alarm -> alarm.rule().equals("spo2-critical")));

        List<String> retained = new CopyOnWriteArrayList<>();
        // Subscribed after the alarm was raised and before spo2-low's 15 s delay ends: what arrives is the
        // retained state (the embedded broker delivers it without setting the retain flag).
        client.subscribe("vigil/alarms/bed-1", 1,
                (topic, message) -> retained.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
        await("retained alarm state").atMost(Duration.ofSeconds(5)).until(() -> retained.stream()
                .anyMatch(state -> state.contains("\"rule\":\"spo2-critical\"") && state.contains("\"priority\":\"HIGH\"")));

        HttpResponse<String> changed = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/beds/bed-1/limits"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"rule\":\"spo2-low\",\"limit\":90}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("\"limit\":90.0");
        List<AuditEntry> audit = new AuditRepository(gateway.database()).since(started, 100);
        assertThat(audit).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("LIMITS_CHANGED");
            assertThat(entry.user()).isEqualTo("local");
            assertThat(entry.bedId()).isEqualTo("bed-1");
            assertThat(entry.details()).startsWith("spo2-low");
        });
    }

    private void publishSpo2Of84() {
        String reading = "{\"vital\":\"SPO2\",\"value\":84,\"unit\":\"%\",\"time\":\"" + Instant.now() + "\"}";
        try {
            client.publish(DEVICE_TOPIC, reading.getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
