package org.vigil.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.support.RawHttp;
import org.vigil.gateway.support.TestWards;

/**
 * Security issue, finding 4: wrong passwords from a stranger must not keep staff out, and password
 * checks must not hold up other requests. The stranger sends from other loopback addresses
 * (127.0.0.2 and up) than the ward's station (127.0.0.1), over real sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInUnderAttackTest {

    private static final String STATION = "127.0.0.1";
    private static final String GUESSER = "127.0.0.2";
    /** The name's longest delay, and time for a busy machine to answer. */
    private static final Duration NURSE_GETS_IN = SignInThrottle.NAME_MAX_DELAY.plusSeconds(10);

    @TempDir
    static Path storage;

    private final ExecutorService clients = Executors.newFixedThreadPool(48);
    private Gateway gateway;

    @BeforeAll
    void startGateway() throws Exception {
        gateway = Gateway.start(TestWards.config(storage, List.of(TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo"))))
                .withUsers(TestUsers.all()));
    }

    @AfterAll
    void stop() {
        clients.shutdownNow();
        if (gateway != null) gateway.close();
    }

    @Test
    void givenTwentyParallelGuessesForTheNurseThenFewAreCheckedAndTheNurseStillSignsIn() {
        List<CompletableFuture<RawHttp.Response>> guesses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = "{\"username\":\"nurse\",\"password\":\"guess-" + i + "\"}";
            guesses.add(CompletableFuture.supplyAsync(() -> RawHttp.send(GUESSER, gateway.httpPort(), login(body)), clients));
        }
        List<RawHttp.Response> answers = guesses.stream().map(CompletableFuture::join).toList();

        long checked = answers.stream().filter(r -> r.status() == 401).count();
        assertThat(checked).as("guesses whose password was checked")
                .isLessThanOrEqualTo(SignInThrottle.FREE_FAILURES_PER_NAME + PasswordChecks.THREADS);
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).isIn(401, 429));
        assertThat(answers).filteredOn(r -> r.status() == 429)
                .allSatisfy(r -> assertThat(r.header("Retry-After")).isNotNull()).isNotEmpty();

        String right = "{\"username\":\"nurse\",\"password\":\"" + TestUsers.PASSWORD + "\"}";
        await("the nurse signed in despite the guesses").atMost(NURSE_GETS_IN).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    RawHttp.Response answer = RawHttp.send(STATION, gateway.httpPort(), login(right));
                    assertThat(answer.status()).as("the nurse is delayed, never locked").isIn(200, 429);
                    return answer.status() == 200;
                });
    }

    @Test
    void givenAFloodOfBasicRequestsWithNewNamesThenHealthStillAnswersWhileTheirChecksAreQueued() {
        List<CompletableFuture<RawHttp.Response>> flood = new ArrayList<>();
        for (int address = 3; address <= 10; address++) {
            String from = "127.0.0." + address;
            for (int i = 0; i < 6; i++) {
                byte[] request = RawHttp.request("GET", "/api/beds", RawHttp.basic("stranger-" + address + "-" + i, "x"),
                        new byte[0]);
                flood.add(CompletableFuture.supplyAsync(() -> RawHttp.send(from, gateway.httpPort(), request), clients));
            }
        }
        await("the flood has reached the gateway").atMost(Duration.ofSeconds(20))
                .until(() -> flood.stream().anyMatch(CompletableFuture::isDone));

        for (int i = 0; i < 10; i++) {
            RawHttp.Response health = RawHttp.send(STATION, gateway.httpPort(),
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(health.status()).isEqualTo(200);
        }
        long stillChecking = flood.stream().filter(f -> !f.isDone()).count();

        List<RawHttp.Response> answers = flood.stream().map(CompletableFuture::join).toList();
        assertThat(stillChecking).as("password checks still queued when ten health checks had answered").isPositive();
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).isIn(401, 429));
        assertThat(answers.stream().filter(r -> r.status() == 401).count()).as("checked: at most two per address")
                .isLessThanOrEqualTo(8L * PasswordChecks.PER_ADDRESS);
    }

    private static byte[] login(String body) {
        return RawHttp.request("POST", "/api/login", "Content-Type: application/json\r\n", body.getBytes(StandardCharsets.UTF_8));
    }
}
