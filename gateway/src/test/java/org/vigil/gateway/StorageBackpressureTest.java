package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.config.DurationText;
import org.vigil.gateway.config.StorageConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.storage.SampleRepository;
import org.vigil.gateway.support.TestWards;
import org.vigil.model.VitalSign;

/**
 * A burst that storage cannot keep up with is held back at the intake, through a real broker, and
 * stored in full once storage moves again: nothing the gateway has acknowledged is dropped.
 */
class StorageBackpressureTest {

    /** Far more than the recorder may queue: without backpressure most of the burst would be dropped. */
    private static final int BURST = 3_000;
    private static final int RECORDER_QUEUE = 200;
    private static final int IN_FLIGHT = 50;
    /** Storage writes in batches as soon as it can; a 3,000-message burst drains within this on a busy machine. */
    private static final Duration DRAINED = Duration.ofSeconds(60);

    /**
     * The burst's device time starts shortly before the run: a device time more than a day from the
     * gateway's clock is not plausible, and the reading is stored at its receipt time instead.
     */
    private final Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));

    @TempDir
    Path storage;

    private Gateway gateway;
    private MqttAsyncClient bridge;

    @AfterEach
    void stop() throws Exception {
        if (bridge != null) {
            if (bridge.isConnected()) bridge.disconnect().waitForCompletion(2_000);
            bridge.close();
        }
        if (gateway != null) gateway.close();
    }

    @Test
    void givenStorageThatStopsDuringABurst_thenTheIntakeWaitsAndEveryAcknowledgedReadingIsStored() throws Exception {
        VigilConfig config = givenAGatewayWithASmallRecorderQueueAndALongIntakeHold();
        gateway = Gateway.start(config);
        // the gateway subscribes in the background: a message published before that reaches no one
        await("the oximeter's topic subscribed").atMost(DRAINED).until(() ->
                get("/api/beds/bed-1").path("devices").get(0).path("status").asText().matches("CONNECTED|STREAMING"));
        bridge = givenABridgeOn(config.mqtt().port());

        try (Connection exclusive = DriverManager.getConnection(gateway.database().config().jdbcUrl(), "sa", "")) {
            pauseEveryOtherConnection(exclusive, true);
            publishTheBurstAndAwaitEveryAcknowledgement();
            await("the intake held back").atMost(DRAINED).until(() -> metric("vigil_storage_intake_waits") > 0);
            pauseEveryOtherConnection(exclusive, false);
        }

        SampleRepository samples = new SampleRepository(gateway.database());
        await("every reading of the burst stored").atMost(DRAINED).untilAsserted(() ->
                assertThat(samples.samples("bed-1", VitalSign.SPO2, first, first.plusSeconds(BURST)).size())
                        .as("samples stored, with the recorder at %s", gateway.recorder().health()).isEqualTo(BURST));
        assertThat(gateway.recorder().health().dropped()).isZero();
        assertThat(gateway.recorder().health().lostSamples()).isZero();
        assertThat(metric("vigil_storage_intake_stalls")).isZero();
        assertThat(samples.samples("bed-1", VitalSign.SPO2, first, first.plusSeconds(BURST)))
                .extracting(sample -> sample.time()).isSorted().doesNotHaveDuplicates();
    }

    /** As a bridge publishes: QoS 1 with a bounded number of messages in flight (MQTT 3.1.1 section 4.3.2). */
    private void publishTheBurstAndAwaitEveryAcknowledgement() throws Exception {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger failed = new AtomicInteger();
        IMqttActionListener acknowledged = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                inFlight.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                failed.incrementAndGet();
                inFlight.release();
            }
        };
        for (int i = 0; i < BURST; i++) {
            assertThat(inFlight.tryAcquire(DRAINED.toMillis(), TimeUnit.MILLISECONDS)).as("broker acknowledges message " + i).isTrue();
            bridge.publish("vigil/devices/bed-1/oximeter", reading(i), 1, false, null, acknowledged);
        }
        assertThat(inFlight.tryAcquire(IN_FLIGHT, DRAINED.toMillis(), TimeUnit.MILLISECONDS)).as("broker acknowledges the last messages").isTrue();
        assertThat(failed).hasValue(0);
    }

    private VigilConfig givenAGatewayWithASmallRecorderQueueAndALongIntakeHold() {
        VigilConfig base = TestWards.config(storage, List.of(TestWards.bed("bed-1",
                TestWards.mqtt("bed-1-oximeter", "json", "vigil/devices/bed-1/oximeter"))));
        StorageConfig storageConfig = new StorageConfig(storage.toString(), null, null, null, null, null, RECORDER_QUEUE,
                DurationText.parse("60s"));
        return new VigilConfig(base.http(), base.mqtt(), storageConfig, base.export(), base.beds(), base.users(), base.configDirectory());
    }

    private MqttAsyncClient givenABridgeOn(int port) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "bridge-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(IN_FLIGHT);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    /** H2's exclusive mode pauses the operations of every other connection until it is switched off (H2 SQL grammar, SET EXCLUSIVE). */
    private static void pauseEveryOtherConnection(Connection connection, boolean paused) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET EXCLUSIVE " + (paused ? 1 : 0));
        }
    }

    private byte[] reading(int i) {
        String time = first.plusMillis(100L * i).toString();
        return ("{\"vital\":\"SPO2\",\"value\":" + (90 + i % 10) + ",\"unit\":\"%\",\"time\":\"" + time + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private long metric(String name) throws Exception {
        Matcher value = Pattern.compile("(?m)^" + name + "\\S* (\\S+)$").matcher(body("/metrics"));
        return value.find() ? (long) Double.parseDouble(value.group(1)) : -1;
    }

    private JsonNode get(String path) throws Exception {
        return new ObjectMapper().readTree(body(path));
    }

    private String body(String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
