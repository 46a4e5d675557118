package org.vigil.gateway.ha;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.config.HttpConfig;
import org.vigil.gateway.health.HealthReport;
import org.vigil.gateway.http.HttpServer;
import org.vigil.gateway.http.StandbyHandler;

/** The standby's HTTP interface: health for the dashboard of either gateway, the page, and 503 naming the active one. */
class StandbyHttpTest {

    private static final String ACTIVE = "http://vigil-a.clinic.example:8080";
    private static final List<String> PEERS = List.of(ACTIVE, "http://vigil-b.clinic.example:8080");
    private static final Duration REQUEST = Duration.ofSeconds(5);

    private final HttpServer server = new HttpServer();
    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    @BeforeEach
    void givenAStandby() throws Exception {
        HealthReport health = new HealthReport() {
            @Override
            public Map<String, Object> report() {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "UP");
                body.put("role", "standby");
                body.put("leaseHolderUrl", ACTIVE);
                return body;
            }

            @Override
            public List<String> peers() {
                return PEERS;
            }
        };
        port = server.start(new HttpConfig("127.0.0.1", 0), Path.of("."), null, () -> new StandbyHandler(health, () -> ACTIVE));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthSaysStandbyAndLetsThePeersPagesReadIt() throws Exception {
        HttpResponse<String> fromPeer = get("/health", "http://vigil-a.clinic.example:8080");
        HttpResponse<String> fromElsewhere = get("/health", "https://evil.example");

        assertThat(fromPeer.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(fromPeer.body());
        assertThat(body.path("role").asText()).isEqualTo("standby");
        assertThat(body.path("leaseHolderUrl").asText()).isEqualTo(ACTIVE);
        assertThat(fromPeer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://vigil-a.clinic.example:8080");
        assertThat(fromElsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theApiIsUnavailableAndNamesTheActiveGateway() throws Exception {
        for (String path : List.of("/api/beds", "/api/alarms/bed-1/spo2-low/1/ack", "/fhir/Observation", "/metrics")) {
            HttpResponse<String> refused = get(path, null);

            assertThat(refused.statusCode()).as(path).isEqualTo(503);
            assertThat(new ObjectMapper().readTree(refused.body()).path("active").asText()).as(path).isEqualTo(ACTIVE);
        }
    }

    @Test
    void theDashboardPageIsServedAndMayConnectToThePeers() throws Exception {
        HttpResponse<String> page = get("/", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("connect-src 'self' http://vigil-a.clinic.example:8080 http://vigil-b.clinic.example:8080;");
    }

    private HttpResponse<String> get(String path, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(REQUEST);
        if (origin != null) request.header("Origin", origin);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
