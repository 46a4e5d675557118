package org.vigil.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.support.TestWards;

/** Sign-in, sessions, roles and cross-site protection, through real HTTP against a running gateway. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path storage;

    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;

    @BeforeAll
    void startGatewayWithUsers() throws Exception {
        gateway = Gateway.start(TestWards.config(storage, List.of(TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo"))))
                .withUsers(TestUsers.all()));
    }

    @AfterAll
    void stop() {
        if (gateway != null) gateway.close();
    }

    @Test
    void everythingUnderApiAndFhirAndTheStreamNeedsASignedInUser() throws Exception {
        for (String path : List.of("/api/beds", "/api/beds/bed-1/trends", "/api/alarms", "/api/stream", "/api/session",
                "/fhir/Patient", "/fhir/metadata")) {
            assertThat(send(get(path)).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(send(post("/api/alarms/bed-1/spo2-low/1/ack", "")).statusCode()).isEqualTo(401);
        HttpResponse<String> unauthorized = send(get("/api/beds"));
        assertThat(unauthorized.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void theHealthCheckTheMetricsAndThePageNeedNoSignIn() throws Exception {
        assertThat(send(get("/health")).statusCode()).isEqualTo(200);
        assertThat(send(get("/metrics")).statusCode()).isEqualTo(200);
        HttpResponse<String> page = send(get("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'"));
        assertThat(send(get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")).statusCode()).isEqualTo(200);
    }

    @Test
    void signingInGivesAnHttpOnlySameSiteStrictCookieAndACsrfToken() throws Exception {
        HttpResponse<String> signIn = signIn("nurse", TestUsers.PASSWORD);
        assertThat(signIn.statusCode()).isEqualTo(200);
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(SessionAccess.COOKIE + "=").contains("HTTPOnly").contains("SameSite=Strict")
                .contains("Path=/");
        String cookie = setCookie.split(";", 2)[0];
        JsonNode session = JSON.readTree(send(get("/api/session").header("Cookie", cookie)).body());
        assertThat(session.path("user").asText()).isEqualTo("nurse");
        assertThat(session.path("role").asText()).isEqualTo("nurse");
        assertThat(session.path("csrfToken").asText()).hasSizeGreaterThan(30)
                .isEqualTo(JSON.readTree(signIn.body()).path("csrfToken").asText());
        assertThat(send(get("/api/beds").header("Cookie", cookie)).statusCode()).isEqualTo(200);
    }

    @Test
    void aChangeWithTheCookieButWithoutTheTokenIsRefused() throws Exception {
        HttpResponse<String> signIn = signIn("nurse", TestUsers.PASSWORD);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String token = JSON.readTree(signIn.body()).path("csrfToken").asText();

        assertThat(send(post("/api/beds/bed-1/audio-pause", "").header("Cookie", cookie)).statusCode()).isEqualTo(403);
        assertThat(send(post("/api/beds/bed-1/audio-pause", "").header("Cookie", cookie)
                .header(SessionAccess.CSRF_HEADER, "forged")).statusCode()).isEqualTo(403);
        HttpResponse<String> paused = send(post("/api/beds/bed-1/audio-pause", "").header("Cookie", cookie)
                .header(SessionAccess.CSRF_HEADER, token));
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(paused.body()).path("pausedBy").asText()).isEqualTo("nurse");
    }

    @Test
    void aChangeFromAnotherSiteIsRefusedEvenWithGoodCredentials() throws Exception {
        HttpResponse<String> refused = send(post("/api/beds/bed-1/audio-pause", "")
                .header("Authorization", basic("nurse", TestUsers.PASSWORD)).header("Origin", "http://evil.example"));
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> login = send(post("/api/login", "{\"username\":\"nurse\",\"password\":\""
                + TestUsers.PASSWORD + "\"}").header("Content-Type", "application/json").header("Origin", "http://evil.example"));
        assertThat(login.statusCode()).isEqualTo(403);
    }

    @Test
    void aViewerMayLookButNotAcknowledgeAndOnlyAnAdminChangesLimits() throws Exception {
        assertThat(send(get("/api/beds").header("Authorization", basic("viewer", TestUsers.PASSWORD))).statusCode()).isEqualTo(200);
        HttpResponse<String> viewerAck = send(post("/api/alarms/bed-1/spo2-low/1/ack", "")
                .header("Authorization", basic("viewer", TestUsers.PASSWORD)));
        assertThat(viewerAck.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(viewerAck.body()).path("error").asText()).isEqualTo("a viewer may not acknowledge alarms");
        assertThat(send(post("/api/alarms/bed-1/spo2-low/1/ack", "")
                .header("Authorization", basic("nurse", TestUsers.PASSWORD))).statusCode()).isEqualTo(404);

        String change = "{\"rule\":\"spo2-low\",\"limit\":91}";
        assertThat(send(put("/api/beds/bed-1/limits", change).header("Authorization", basic("nurse", TestUsers.PASSWORD)))
                .statusCode()).isEqualTo(403);
        assertThat(send(put("/api/beds/bed-1/limits", change).header("Authorization", basic("admin", TestUsers.PASSWORD)))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void onlyAnAdminRequeuesRefusedExportsAndTheRequeueIsAudited() throws Exception {
        assertThat(send(post("/api/export/requeue", "").header("Authorization", basic("nurse", TestUsers.PASSWORD)))
                .statusCode()).isEqualTo(403);

        HttpResponse<String> requeue = send(post("/api/export/requeue", "")
                .header("Authorization", basic("admin", TestUsers.PASSWORD)));

        assertThat(requeue.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(requeue.body()).path("requeued").asInt(-1)).isZero();
        assertThat(new org.vigil.gateway.storage.AuditRepository(gateway.database()).since(java.time.Instant.EPOCH, 100))
                .anySatisfy(entry -> {
                    assertThat(entry.action()).isEqualTo("EXPORT_REQUEUED");
                    assertThat(entry.user()).isEqualTo("admin");
                });
    }

    @Test
    void aWrongPasswordIsRefusedAndRepeatedOnesMakeTheNameWait() throws Exception {
        assertThat(signIn("admin", "wrong").statusCode()).isEqualTo(401);
        assertThat(signIn("nobody", "wrong").statusCode()).isEqualTo(401);
        assertThat(send(get("/api/beds").header("Authorization", basic("nurse", "wrong"))).statusCode()).isEqualTo(401);
        for (int i = 0; i <= SignInThrottle.FREE_FAILURES_PER_NAME; i++) signIn("locked-out", "guess-" + i);
        HttpResponse<String> locked = signIn("locked-out", "guess");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        HttpResponse<String> signIn = signIn("admin", TestUsers.PASSWORD);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String token = JSON.readTree(signIn.body()).path("csrfToken").asText();
        HttpResponse<String> signOut = send(post("/api/logout", "").header("Cookie", cookie).header(SessionAccess.CSRF_HEADER, token));
        assertThat(signOut.statusCode()).isEqualTo(200);
        assertThat(signOut.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(send(get("/api/beds").header("Cookie", cookie)).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> signIn(String user, String password) throws Exception {
        return send(post("/api/login", JSON.writeValueAsString(java.util.Map.of("username", user, "password", password)))
                .header("Content-Type", "application/json"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(java.time.Duration.ofSeconds(5));
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder put(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }
}
