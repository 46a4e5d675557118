package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.demo.SimulatedWard;
import org.vigil.gateway.support.LiveStream;
import org.vigil.gateway.support.TestWards;
import org.vigil.simulators.suntech.SunTechModuleSimulator;

/** {@code POST /api/beds/{id}/bp} drives a simulated SunTech module through a whole measurement. */
class BloodPressureOnRequestTest {

    /** The simulated module inflates, measures and deflates in its default cycle. */
    private static final Duration MEASUREMENT = SunTechModuleSimulator.DEFAULT_CYCLE.plusSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path storage;

    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatedWard simulators;
    private Gateway gateway;

    @BeforeEach
    void givenABedWithASunTechCuffOnADeviceServer() throws Exception {
        VigilConfig config = TestWards.config(storage, List.of(
                TestWards.bed("bed-1", TestWards.tcp("bed-1-nibp", "suntech"))));
        simulators = new SimulatedWard(config, Map.of(), 1);
        simulators.startTcpDevices();
        gateway = Gateway.start(config);
        await("cuff connected").atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(get("/api/beds/bed-1").body())
                .path("devices").get(0).path("status").asText().matches("CONNECTED|STREAMING"));
    }

    @AfterEach
    void stop() {
        if (simulators != null) simulators.close();
        if (gateway != null) gateway.close();
    }

    @Test
    void aRequestedMeasurementInflatesTheCuffAndReportsThePressures() throws Exception {
        try (LiveStream stream = new LiveStream(http, uri("/api/stream"))) {
            HttpResponse<String> started = post("/api/beds/bed-1/bp");

            assertThat(started.statusCode()).isEqualTo(202);
            await("cuff inflating").atMost(Duration.ofSeconds(10)).until(() -> stream.events("device")
                    .anyMatch(e -> e.data().path("kind").asText().equals("CUFF_INFLATING") && e.data().path("active").asBoolean()));
            // the three pressures are three events: the diastolic may still be on its way when the systolic is seen
            await("blood pressure reported").atMost(MEASUREMENT).untilAsserted(() -> assertThat(stream.events("reading")
                    .map(e -> e.data().path("vital").asText())).contains("BP_SYS", "BP_DIA", "BP_MEAN"));
            await("cuff deflated").atMost(Duration.ofSeconds(5)).until(() -> stream.events("device")
                    .anyMatch(e -> e.data().path("kind").asText().equals("CUFF_INFLATING") && !e.data().path("active").asBoolean()));
        }
        double systolic = JSON.readTree(get("/api/beds/bed-1").body()).path("vitals").path("BP_SYS").path("value").asDouble();
        assertThat(systolic).isBetween(80.0, 200.0);
    }

    @Test
    void anUnknownBedOrAWrongMethodIsRefused() throws Exception {
        assertThat(post("/api/beds/bed-9/bp").statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(uri("/api/beds/bed-1/bp")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }
}
