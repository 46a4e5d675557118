package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.demo.SimulatedWard;
import org.vigil.gateway.support.LiveStream;
import org.vigil.gateway.support.TestWards;

/** The gateway and four simulated beds in-process, watched through real HTTP clients. */
class GatewayEndToEndTest {

    /** Devices connect within the driver backoff, then stream at 1 Hz or faster. */
    private static final Duration FIRST_VITALS = Duration.ofSeconds(20);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BEDS = Set.of("bed-1", "bed-2", "bed-3", "bed-4");

    @TempDir
    Path storage;

    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatedWard simulators;
    private Gateway gateway;

    @BeforeEach
    void givenAGatewayWithFourSimulatedBeds() throws Exception {
        VigilConfig config = TestWards.config(storage, TestWards.fourBeds());
        simulators = new SimulatedWard(config, Map.of(), 1);
        simulators.startTcpDevices();
        gateway = Gateway.start(config);
        simulators.startMqttDevices();
    }

    @AfterEach
    void stop() {
        if (simulators != null) simulators.close();
        if (gateway != null) gateway.close();
    }

    @Test
    void everyBedServesChangingSpo2AndPulseValues() throws Exception {
        Map<String, Double> firstSpo2 = new HashMap<>();
        await("SpO2 and pulse on every bed").atMost(FIRST_VITALS).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode beds = getJson("/api/beds");
            assertThat(beds).hasSize(4);
            for (JsonNode bed : beds) {
                assertThat(bed.path("vitals").path("SPO2").path("value").isNumber()).as(bed.path("id") + " SpO2").isTrue();
                assertThat(bed.path("vitals").path("PULSE_RATE").path("value").isNumber()).as(bed.path("id") + " pulse").isTrue();
                firstSpo2.putIfAbsent(bed.path("id").asText(), bed.path("vitals").path("SPO2").path("value").asDouble());
            }
        });
        JsonNode bed1 = getJson("/api/beds").get(0);
        assertThat(bed1.path("vitals").path("SPO2").path("unit").asText()).isEqualTo("%");
        assertThat(bed1.path("vitals").path("SPO2").path("time").asText()).endsWith("Z");
        assertThat(bed1.path("devices").get(0).path("status").asText()).isEqualTo("STREAMING");

        await("values move over time").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode beds = getJson("/api/beds");
            long changed = 0;
            for (JsonNode bed : beds) {
                JsonNode vitals = bed.path("vitals");
                if (vitals.path("SPO2").path("value").asDouble() != firstSpo2.get(bed.path("id").asText())
                        || vitals.path("PULSE_RATE").path("time").asText().compareTo(bed1.path("vitals").path("PULSE_RATE").path("time").asText()) > 0) {
                    changed++;
                }
            }
            assertThat(changed).isEqualTo(4);
        });
    }

    @Test
    void withExportOffTheDevicesAndPatientsStoredAreNotQueuedForIt() throws Exception {
        await("every bed's Devices stored").atMost(FIRST_VITALS).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (JsonNode bed : getJson("/api/beds")) {
                String device = bed.path("devices").get(0).path("id").asText();
                assertThat(get("/fhir/Device/dev-" + device).statusCode()).as(device).isEqualTo(200);
            }
        });

        assertThat(gateway.outbox().backlog().pending()).isZero();
    }

    @Test
    void theLiveStreamCarriesReadingsFromEveryBed() {
        try (LiveStream stream = new LiveStream(http, uri("/api/stream"))) {
            await("readings from every bed on the stream").atMost(FIRST_VITALS).untilAsserted(() -> {
                Set<String> beds = stream.events("reading").map(e -> e.data().path("bed").asText()).collect(Collectors.toSet());
                assertThat(beds).containsAll(BEDS);
            });
            assertThat(stream.status()).isEqualTo(200);
            LiveStream.Event reading = stream.events("reading").findFirst().orElseThrow();
            assertThat(reading.data().has("vital")).isTrue();
            assertThat(reading.data().has("time")).isTrue();
            assertThat(stream.events("device").map(e -> e.data().path("kind").asText())).contains("STREAMING");
            await("a heartbeat").atMost(Duration.ofSeconds(5)).until(() -> stream.events("heartbeat").findAny().isPresent());
        }
    }

    @Test
    void healthMetricsAndErrorsAnswerAsDocumented() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        assertThat(JSON.readTree(health.body()).path("role").asText()).as("a single gateway is always active").isEqualTo("active");

        await("readings counted").atMost(FIRST_VITALS).untilAsserted(() ->
                assertThat(get("/metrics").body()).contains("vigil_readings_received_total{protocol=\"masimo\"}"));
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("# HELP vigil_readings_received_total Readings decoded from devices");
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("vigil_stream_clients");

        HttpResponse<String> missing = get("/api/beds/bed-9");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("error").asText()).isEqualTo("no bed 'bed-9'");

        HttpResponse<String> badParameter = get("/api/beds/bed-1/trends?minutes=lots");
        assertThat(badParameter.statusCode()).isEqualTo(400);

        HttpResponse<String> dashboard = get("/");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }
}
