package org.vigil.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.auth.TestUsers;
import org.vigil.gateway.storage.AuditEntry;
import org.vigil.gateway.storage.AuditRepository;
import org.vigil.gateway.support.RawHttp;
import org.vigil.gateway.support.TestWards;

/**
 * Security issue, finding 2: a limit change the API refuses must change nothing, anywhere; every
 * entry is checked against order and a settable range; duplicate keys and bytes that are not
 * UTF-8 are refused on every endpoint. Through real HTTP against a running gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitChangesAreAtomicTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path storage;

    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;

    @BeforeAll
    void startGateway() throws Exception {
        gateway = Gateway.start(TestWards.config(storage, List.of(
                TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo")),
                TestWards.bed("bed-4", TestWards.tcp("bed-4-oximeter", "masimo")))).withUsers(TestUsers.all()));
    }

    @AfterAll
    void stop() {
        if (gateway != null) gateway.close();
    }

    @Test
    void givenALimitBelowItsRangeWhenAnAdminSetsItThenNothingChangesAnywhereAndNothingIsAudited() throws Exception {
        HttpResponse<String> refused = putLimits("bed-4", "{\"rule\":\"spo2-low\",\"limit\":-5}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(error(refused)).contains("nothing changed").contains("spo2-low").contains("50 to 99");
        assertLimitsEverywhere("bed-4", "spo2-low", 92);
        assertThat(limitAudits("bed-4")).isEmpty();
    }

    @Test
    void givenACriticalLimitAboveThePlainOneWhenSetThenItIsRefusedAsOutOfOrder() throws Exception {
        HttpResponse<String> refused = putLimits("bed-4", "{\"rule\":\"spo2-critical\",\"limit\":99}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(error(refused)).contains("spo2-critical (99) must stay below spo2-low (92)");
        assertLimitsEverywhere("bed-4", "spo2-critical", 88);
    }

    @Test
    void givenLimitsThatWouldAlarmForeverWhenSetThenTheyAreRefused() throws Exception {
        for (String limit : List.of("1e308", "100.0001", "100", "1e999")) {
            HttpResponse<String> refused = putLimits("bed-4", "{\"rule\":\"spo2-low\",\"limit\":" + limit + "}");
            assertThat(refused.statusCode()).as(limit).isEqualTo(400);
        }
        assertLimitsEverywhere("bed-4", "spo2-low", 92);
    }

    @Test
    void givenOneBadEntryInAChangeOfSeveralWhenSentThenNoneIsApplied() throws Exception {
        HttpResponse<String> refused = putLimits("bed-4", "{\"changes\":[{\"rule\":\"hr-high\",\"limit\":120},"
                + "{\"rule\":\"rr-low\",\"limit\":6},{\"rule\":\"spo2-low\",\"limit\":-5}]}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertLimitsEverywhere("bed-4", "hr-high", 131);
        assertLimitsEverywhere("bed-4", "rr-low", 8);
        assertThat(limitAudits("bed-4")).isEmpty();
    }

    @Test
    void givenADuplicateKeyWhenSentThenTheChangeIsRefusedAndNeitherRuleChanges() throws Exception {
        HttpResponse<String> refused = putLimits("bed-4", "{\"rule\":\"spo2-low\",\"limit\":90,\"rule\":\"hr-low\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(error(refused)).contains("names a key twice").contains("rule");
        assertLimitsEverywhere("bed-4", "hr-low", 40);
        assertLimitsEverywhere("bed-4", "spo2-low", 92);
        HttpResponse<String> twice = putLimits("bed-4", "{\"changes\":[{\"rule\":\"hr-high\",\"limit\":120},"
                + "{\"rule\":\"hr-high\",\"limit\":200}]}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertLimitsEverywhere("bed-4", "hr-high", 131);
    }

    @Test
    void givenAValidChangeOfSeveralWhenSentThenAllApplyEverywhereAndEachIsAuditedWithTheUser() throws Exception {
        HttpResponse<String> applied = putLimits("bed-1", "{\"changes\":[{\"rule\":\"spo2-low\",\"limit\":90},"
                + "{\"rule\":\"spo2-critical\",\"limit\":85}]}");

        assertThat(applied.statusCode()).isEqualTo(200);
        assertLimitsEverywhere("bed-1", "spo2-low", 90);
        assertLimitsEverywhere("bed-1", "spo2-critical", 85);
        assertThat(limitAudits("bed-1")).hasSize(2).allSatisfy(entry -> assertThat(entry.user()).isEqualTo("admin"))
                .extracting(AuditEntry::details).anySatisfy(d -> assertThat(d).startsWith("spo2-low"))
                .anySatisfy(d -> assertThat(d).startsWith("spo2-critical"));
    }

    @Test
    void givenAnAdmissionThatIsNotUtf8WhenSentThenItIsRefusedAndNothingIsStored() throws Exception {
        byte[] latin1 = "{\"family\":\"M\u00fcller\",\"identifier\":\"MRN-1\"}".getBytes(StandardCharsets.ISO_8859_1);

        RawHttp.Response refused = RawHttp.send("127.0.0.1", gateway.httpPort(), RawHttp.request("POST",
                "/api/beds/bed-4/admit", RawHttp.basic("nurse", TestUsers.PASSWORD) + "Content-Type: application/json\r\n", latin1));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("not valid UTF-8");
        assertThat(JSON.readTree(send(get("/api/beds/bed-4")).body()).path("patient").isNull()).isTrue();
        assertThat(new AuditRepository(gateway.database()).since(Instant.EPOCH, 1000))
                .noneSatisfy(entry -> assertThat(entry.action()).isEqualTo("PATIENT_ADMITTED"));
    }

    @Test
    void givenASignInThatIsNotUtf8WhenSentThenItIsRefused() {
        byte[] body = "{\"username\":\"nurs\u00e9\",\"password\":\"x\"}".getBytes(StandardCharsets.ISO_8859_1);

        RawHttp.Response refused = RawHttp.send("127.0.0.1", gateway.httpPort(),
                RawHttp.request("POST", "/api/login", "Content-Type: application/json\r\n", body));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("not valid UTF-8");
    }

    @Test
    void givenAQueryThatIsNotUtf8WhenSentThenItIsRefused() throws Exception {
        HttpResponse<String> refused = send(get("/api/alarms?bed=bed-%FF"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(error(refused)).isEqualTo("the request target is not valid UTF-8");
        assertThat(send(get("/api/alarms?bed=bed-%31")).statusCode()).isEqualTo(200);
    }

    /** The engine's rule (GET limits), the bed view's limits and the engine's alarm profile agree. */
    private void assertLimitsEverywhere(String bed, String rule, double expected) throws Exception {
        JsonNode limits = JSON.readTree(send(get("/api/beds/" + bed + "/limits")).body());
        JsonNode shown = null;
        for (JsonNode entry : limits) {
            if (entry.path("rule").asText().equals(rule)) shown = entry;
        }
        assertThat(shown).as(rule + " in GET limits").isNotNull();
        assertThat(shown.path("thresholds").get(0).path("limit").asDouble()).as(rule + " in GET limits").isEqualTo(expected);
        String vital = shown.path("thresholds").get(0).path("vital").asText();
        JsonNode view = JSON.readTree(send(get("/api/beds/" + bed)).body()).path("limits").path(vital);
        assertThat(view.toString()).as(rule + " in the bed view").contains(String.valueOf(expected));
    }

    private List<AuditEntry> limitAudits(String bed) {
        return new AuditRepository(gateway.database()).since(Instant.EPOCH, 1000).stream()
                .filter(entry -> entry.action().equals("LIMITS_CHANGED") && entry.bedId().equals(bed)).toList();
    }

    private HttpResponse<String> putLimits(String bed, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/beds/" + bed + "/limits")).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", basic("admin")));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).header("Authorization", basic("viewer"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error").asText();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }
}
