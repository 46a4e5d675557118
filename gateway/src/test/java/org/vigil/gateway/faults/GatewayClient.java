package org.vigil.gateway.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.vigil.gateway.support.LiveStream;

/**
 * The gateway's HTTP interface (README, "HTTP interface") as a script uses it: JSON requests, with
 * HTTP Basic credentials when users are configured.
 */
final class GatewayClient {

    static final String OBSERVATION_IDENTIFIER = "urn:vigil:observation";
    private static final Duration REQUEST = Duration.ofSeconds(5);
    /** FhirApi.MAX_COUNT. */
    private static final int FHIR_PAGE = 1000;
    private static final int ALARM_LOG_LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST).build();
    private final GatewayProcess gateway;
    private final String authorization;

    private GatewayClient(GatewayProcess gateway, String authorization) {
        this.gateway = gateway;
        this.authorization = authorization;
    }

    /** Without credentials, for a gateway without users (open on loopback). */
    static GatewayClient of(GatewayProcess gateway) {
        return new GatewayClient(gateway, null);
    }

    GatewayClient as(String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new GatewayClient(gateway, "Basic " + basic);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path));
        if (authorization != null) request.header("Authorization", authorization);
        return request;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).timeout(REQUEST).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path).timeout(REQUEST).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A live-stream client, as a dashboard keeps open. */
    LiveStream stream() {
        return new LiveStream(http, request("/api/stream"));
    }

    List<JsonNode> activeAlarms() throws IOException, InterruptedException {
        List<JsonNode> alarms = new ArrayList<>();
        getJson("/api/alarms?state=active").forEach(alarms::add);
        return alarms;
    }

    Optional<JsonNode> activeAlarm(String bed, String rule) throws IOException, InterruptedException {
        return activeAlarms().stream()
                .filter(alarm -> alarm.path("bed").asText().equals(bed) && alarm.path("rule").asText().equals(rule))
                .findFirst();
    }

    /** The durable alarm log of a bed ({@code gateway} for the gateway's own alarms) since a time, oldest first. */
    List<JsonNode> alarmLog(String bed, Instant since) throws IOException, InterruptedException {
        List<JsonNode> entries = new ArrayList<>();
        getJson("/api/alarms?bed=" + encode(bed) + "&since=" + encode(since.toString()) + "&limit=" + ALARM_LOG_LIMIT)
                .forEach(entries::add);
        return entries;
    }

    /** The {@value #OBSERVATION_IDENTIFIER} identifier of every Observation the gateway stored, from its FHIR API. */
    List<String> observationIdentifiers() throws IOException, InterruptedException {
        List<String> identifiers = new ArrayList<>();
        for (int offset = 0; ; offset += FHIR_PAGE) {
            JsonNode page = getJson("/fhir/Observation?_count=" + FHIR_PAGE + "&_offset=" + offset);
            JsonNode entries = page.path("entry");
            for (JsonNode entry : entries) {
                for (JsonNode identifier : entry.path("resource").path("identifier")) {
                    if (identifier.path("system").asText().equals(OBSERVATION_IDENTIFIER)) {
                        identifiers.add(identifier.path("value").asText());
                    }
                }
            }
            if (entries.size() < FHIR_PAGE) return identifiers;
        }
    }

    /** A gauge or counter from {@code /metrics} (Prometheus text format), by its exported name. */
    OptionalDouble metric(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
