package org.vigil.gateway.security;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.auth.SessionAccess;
import org.vigil.gateway.auth.TestUsers;
import org.vigil.gateway.auth.User;
import org.vigil.gateway.config.UserConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.storage.HttpSessionRepository;
import org.vigil.gateway.storage.StoredSession;
import org.vigil.gateway.stream.StreamHeartbeat;
import org.vigil.gateway.support.LiveStream;
import org.vigil.gateway.support.MovableClock;
import org.vigil.gateway.support.TestWards;

/**
 * Security issue, finding 3: a live stream must not outlive its sign-in (sign-out, expiry, the
 * user removed); and sessions survive a gateway restart, kept by the hash of their token only.
 */
class SignInSessionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The first heartbeat, and a stream ended at the next beat, with room for a busy machine. */
    private static final Duration ONE_BEAT = StreamHeartbeat.PERIOD.multipliedBy(3);
    /** More than the idle timeout of a session (12 h). */
    private static final Duration PAST_IDLE_TIMEOUT = Duration.ofHours(12).plusMinutes(1);

    @TempDir
    Path storage;

    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;
    private SessionAccess ownAccess;
    private LiveStream stream;

    @AfterEach
    void stop() {
        if (stream != null) stream.close();
        if (gateway != null) gateway.close();
        if (ownAccess != null) ownAccess.close();
    }

    @Test
    void givenAStreamOpenWithTheCookieWhenTheUserSignsOutThenTheStreamEndsAtOnce() throws Exception {
        gateway = Gateway.start(config(TestUsers.all()));
        SignedIn nurse = signIn("nurse");
        stream = openStream(nurse);

        HttpResponse<String> signOut = send(HttpRequest.newBuilder(uri("/api/logout")).POST(HttpRequest.BodyPublishers.noBody())
                .header("Cookie", nurse.cookie()).header(SessionAccess.CSRF_HEADER, nurse.csrf()));

        assertThat(signOut.statusCode()).isEqualTo(200);
        await("the signed-out stream ended").atMost(ONE_BEAT).until(stream::ended);
        assertThat(gateway.hub().clientCount()).isZero();
        int seen = stream.events().size();
        assertThat(send(get("/api/beds", nurse)).statusCode()).isEqualTo(401);
        assertThat(stream.events()).hasSize(seen);
    }

    @Test
    void givenAStreamOpenWithTheCookieWhenTheSessionExpiresThenTheStreamEndsWithinOneBeat() throws Exception {
        MovableClock sessionClock = new MovableClock();
        ownAccess = new SessionAccess(TestUsers.all().stream().map(User::of).toList(), sessionClock, false);
        gateway = Gateway.start(config(TestUsers.all()), ownAccess);
        SignedIn nurse = signIn("nurse");
        stream = openStream(nurse);

        sessionClock.advance(PAST_IDLE_TIMEOUT);

        await("the expired session's stream ended").atMost(ONE_BEAT).until(stream::ended);
        assertThat(send(get("/api/beds", nurse)).statusCode()).isEqualTo(401);
    }

    @Test
    void givenASignedInNurseWhenTheGatewayRestartsThenTheSessionStillHoldsAndOnlyItsHashIsStored() throws Exception {
        gateway = Gateway.start(config(TestUsers.all()));
        SignedIn nurse = signIn("nurse");
        String token = nurse.cookie().substring(nurse.cookie().indexOf('=') + 1);
        List<StoredSession> stored = new HttpSessionRepository(gateway.database()).all();
        assertThat(stored).singleElement().satisfies(session -> {
            assertThat(session.user()).isEqualTo("nurse");
            assertThat(session.tokenHash()).hasSize(64).doesNotContain(token);
        });

        gateway.close();
        gateway = Gateway.start(config(TestUsers.all()));

        HttpResponse<String> session = send(get("/api/session", nurse));
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(session.body()).path("csrfToken").asText()).isEqualTo(nurse.csrf());
        assertThat(send(HttpRequest.newBuilder(uri("/api/beds/bed-1/audio-pause")).POST(HttpRequest.BodyPublishers.noBody())
                .header("Cookie", nurse.cookie()).header(SessionAccess.CSRF_HEADER, nurse.csrf())).statusCode()).isEqualTo(200);
    }

    @Test
    void givenASignedInNurseWhenTheGatewayRestartsWithoutHerUserThenHerSessionIsGone() throws Exception {
        gateway = Gateway.start(config(TestUsers.all()));
        SignedIn nurse = signIn("nurse");
        gateway.close();

        List<UserConfig> withoutNurse = TestUsers.all().stream().filter(user -> !user.name().equals("nurse")).toList();
        gateway = Gateway.start(config(withoutNurse));

        assertThat(send(get("/api/session", nurse)).statusCode()).isEqualTo(401);
        assertThat(new HttpSessionRepository(gateway.database()).all()).isEmpty();
    }

    private record SignedIn(String cookie, String csrf) {
    }

    private VigilConfig config(List<UserConfig> users) {
        return TestWards.config(storage, List.of(TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo"))))
                .withUsers(users);
    }

    private SignedIn signIn(String user) throws Exception {
        HttpResponse<String> signIn = send(HttpRequest.newBuilder(uri("/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", user, "password",
                        TestUsers.PASSWORD)))).header("Content-Type", "application/json"));
        assertThat(signIn.statusCode()).isEqualTo(200);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        JsonNode body = JSON.readTree(signIn.body());
        return new SignedIn(cookie, body.path("csrfToken").asText());
    }

    private LiveStream openStream(SignedIn user) {
        LiveStream opened = new LiveStream(http, HttpRequest.newBuilder(uri("/api/stream")).header("Cookie", user.cookie()));
        await("a heartbeat on the stream").atMost(ONE_BEAT).until(() -> opened.events("heartbeat").findAny().isPresent());
        return opened;
    }

    private HttpRequest.Builder get(String path, SignedIn user) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).header("Cookie", user.cookie());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }
}
