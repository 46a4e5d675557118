package org.vigil.gateway.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.http.AccessPolicy;
import org.vigil.gateway.storage.AuditEntry;
import org.vigil.gateway.storage.AuditRepository;
import org.vigil.gateway.support.MovableClock;
import org.vigil.gateway.support.TestWards;

/**
 * A profile whose session section gives heart rate high a longer delay in the onset: the dose
 * puts it in force, the peak boundary ends it, each change is in the audit log like a limit change,
 * and the limits the API shows follow.
 */
class PhaseOverrideAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path storage;
    @TempDir
    Path configDirectory;

    private final MovableClock clock = new MovableClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;

    @BeforeEach
    void givenAProfileWithAnOnsetOverride() throws Exception {
        String shipped = Files.readString(TestWards.shippedConfig().resolve("alarm-profiles/kap-adult.yaml"));
        String withOverride = shipped.replace("\nrules:", "\n  phases:\n    onset:\n      - { rule: hr-high, delay: 90s }\n\nrules:");
        assertThat(withOverride).isNotEqualTo(shipped);
        Files.createDirectories(configDirectory.resolve("alarm-profiles"));
        Files.writeString(configDirectory.resolve("alarm-profiles/kap-adult.yaml"), withOverride);
        gateway = Gateway.start(TestWards.config(storage, List.of(TestWards.bed("bed-1"))).withConfigDirectory(configDirectory),
                AccessPolicy.OPEN, clock);
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
    }

    @Test
    void theOnsetDelayIsInForceFromTheDoseToThePeakAndEachChangeIsAudited() throws Exception {
        Instant start = clock.instant();
        String id = JSON.readTree(post("/api/beds/bed-1/sessions",
                "{\"family\":\"Okafor\",\"identifier\":\"MRN-7\"}").body()).path("id").asText();
        assertThat(delayOf("hr-high")).isEqualTo(30);

        assertThat(post("/api/sessions/" + id + "/dose", "{\"drug\":\"esketamine\",\"route\":\"nasal\",\"doseMg\":56,\"lot\":\"L1\"}")
                .statusCode()).isEqualTo(200);
        assertThat(delayOf("hr-high")).as("onset").isEqualTo(90);

        clock.advance(Duration.ofMinutes(30));
        await("the peak boundary passed").atMost(Duration.ofSeconds(5)).until(() -> delayOf("hr-high") == 30);

        AuditRepository audit = new AuditRepository(gateway.database());
        await("both changes audited").atMost(Duration.ofSeconds(5)).until(() -> phaseChanges(audit, start).size() == 2);
        List<AuditEntry> changes = phaseChanges(audit, start);
        assertThat(changes).extracting(AuditEntry::user).containsExactly("profile: onset phase", "profile: peak phase");
        assertThat(changes.get(0).details()).startsWith("hr-high: ").contains("PT1M30S");
    }

    private static List<AuditEntry> phaseChanges(AuditRepository audit, Instant since) {
        return audit.since(since, 100).stream().filter(e -> e.action().equals("LIMITS_CHANGED")).toList();
    }

    private long delayOf(String rule) throws Exception {
        for (JsonNode limit : JSON.readTree(http.send(HttpRequest.newBuilder(uri("/api/beds/bed-1/limits")).build(),
                HttpResponse.BodyHandlers.ofString()).body())) {
            if (limit.path("rule").asText().equals(rule)) return limit.path("delaySeconds").asLong();
        }
        throw new AssertionError("no rule " + rule);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }
}
