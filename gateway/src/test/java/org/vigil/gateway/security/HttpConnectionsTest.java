package org.vigil.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.auth.SessionAccess;
import org.vigil.gateway.auth.TestUsers;
import org.vigil.gateway.config.DurationText;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.support.RawHttp;
import org.vigil.gateway.support.TestWards;

/**
 * Security issue, finding 5: slow and idle connections are closed, a connection is closed after a
 * 400, and nothing sent over HTTP can forge a log line or flood the log. Over raw sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpConnectionsTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    /** How long a socket read may block before the test calls the connection "left open". */
    private static final int LEFT_OPEN_MILLIS = 15_000;

    @TempDir
    static Path storage;

    private final ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
    private Gateway gateway;

    @BeforeAll
    void startGatewayWithShortTimeouts() throws Exception {
        VigilConfig config = TestWards.config(storage, List.of(TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo"))))
                .withUsers(TestUsers.all());
        gateway = Gateway.start(config.withHttp(config.http().withTimeouts(
                DurationText.parse(IDLE_TIMEOUT.toSeconds() + "s"), DurationText.parse(REQUEST_TIMEOUT.toSeconds() + "s"))));
    }

    @AfterAll
    void stop() {
        dribbler.shutdownNow();
        if (gateway != null) gateway.close();
    }

    @Test
    void givenAClientThatDribblesItsHeadersThenTheGatewayAnswers408AndCloses() throws Exception {
        try (Socket slowloris = RawHttp.connect("127.0.0.1", gateway.httpPort())) {
            slowloris.setSoTimeout(LEFT_OPEN_MILLIS);
            OutputStream out = slowloris.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            dribbler.scheduleAtFixedRate(() -> {
                try {
                    out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closed) {
                    throw new IllegalStateException(closed);
                }
            }, 200, 200, TimeUnit.MILLISECONDS);

            RawHttp.Response answer = RawHttp.read(slowloris.getInputStream());

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
        }
    }

    @Test
    void givenAConnectionThatSendsNothingThenTheGatewayClosesIt() throws Exception {
        try (Socket idle = RawHttp.connect("127.0.0.1", gateway.httpPort())) {
            idle.setSoTimeout(LEFT_OPEN_MILLIS);

            assertThat(idle.getInputStream().read()).as("end of stream: the gateway closed the connection").isEqualTo(-1);
        }
    }

    @Test
    void givenA400OnAKeptAliveConnectionThenTheConnectionIsClosedAndAPipelinedRequestIsNotServed() throws Exception {
        String badThenGood = "PUT /api/beds/bed-1/limits HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + RawHttp.basic("admin", TestUsers.PASSWORD) + "Content-Length: 5\r\n\r\n{bad}"
                + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        try (Socket socket = RawHttp.connect("127.0.0.1", gateway.httpPort())) {
            socket.setSoTimeout(LEFT_OPEN_MILLIS);
            socket.getOutputStream().write(badThenGood.getBytes(StandardCharsets.US_ASCII));

            RawHttp.Response answer = RawHttp.read(socket.getInputStream());

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(answer.text().split("HTTP/1.1 ", -1)).as("one response only").hasSize(2);
        }
    }

    @Test
    void givenAUserNameWithNewlinesAndEscapesThenTheLogGetsOneEscapedLineAndAHugeNameIsRefusedAndCut() throws Exception {
        String forged = "x\n2026-12-02T00:00:00 INFO admin signed in\u001b[2J";
        String huge = "n".repeat(60_000);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        RawHttp.Response forgedAnswer;
        RawHttp.Response hugeAnswer;
        RawHttp.Response longBasic;
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            forgedAnswer = RawHttp.send("127.0.0.1", gateway.httpPort(), login(forged));
            hugeAnswer = RawHttp.send("127.0.0.1", gateway.httpPort(), login(huge));
            longBasic = RawHttp.send("127.0.0.1", gateway.httpPort(), RawHttp.request("GET", "/api/beds",
                    RawHttp.basic("b".repeat(1000), "x"), new byte[0]));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(forgedAnswer.status()).isEqualTo(401);
        assertThat(log).contains("x\\n2026-12-02T00:00:00 INFO admin signed in\\u001b[2J");
        assertThat(log.lines()).noneMatch(line -> line.startsWith("2026-12-02T00:00:00 INFO")).noneMatch(line -> line.contains("\u001b"));
        assertThat(hugeAnswer.status()).isEqualTo(400);
        assertThat(hugeAnswer.body()).contains("longer than " + SessionAccess.MAX_USER_NAME);
        assertThat(log).contains("n".repeat(SessionAccess.MAX_USER_NAME)).doesNotContain("n".repeat(SessionAccess.MAX_USER_NAME + 1));
        assertThat(longBasic.status()).isEqualTo(400);
        assertThat(log).doesNotContain("b".repeat(SessionAccess.MAX_USER_NAME + 1));
    }

    private static byte[] login(String name) throws IOException {
        byte[] body = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsBytes(java.util.Map.of("username", name, "password", "wrong"));
        return RawHttp.request("POST", "/api/login", "Content-Type: application/json\r\n", body);
    }

    /** Writes to the real standard error and keeps a copy. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
