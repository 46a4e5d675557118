package org.vigil.simulators.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.TextLineSimulator;
import picocli.CommandLine;

class SimulateCommandTest {

    private static final Duration START_WAIT = Duration.ofSeconds(5);

    private final SimulatorCatalog catalog = new SimulatorCatalog(Map.of("text", TextLineSimulator::new));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void givenHelp_thenTheUsageNamesEveryOptionAndScenarioAndExitsZero() {
        int exit = run("--help");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("--protocol", "--scenario", "--tcp", "--mqtt", "--topic", "--pty",
                        "--time-scale", "--seed", "--duration", "--pull-for")
                .contains("normal", "desaturation", "ketamine-hypertension", "bradycardia", "sensor-off",
                        "cable-pull", "garbage", "artifact");
    }

    @Test
    void givenNoTransport_thenItIsAUsageError() {
        int exit = run("--protocol", "text");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--tcp").contains("--mqtt").contains("--pty");
    }

    @Test
    void givenTwoTransports_thenItIsAUsageError() {
        int exit = run("--protocol", "text", "--tcp", "127.0.0.1:4001", "--pty", "/tmp/ttyA");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void givenAnUnknownScenario_thenTheErrorListsTheKnownOnes() {
        int exit = run("--protocol", "text", "--scenario", "apnoea", "--tcp", "127.0.0.1:0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario 'apnoea'").contains("desaturation");
    }

    @Test
    void givenAnUnknownProtocol_thenTheErrorListsTheKnownOnes() {
        int exit = run("--protocol", "philips", "--tcp", "127.0.0.1:0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown protocol 'philips'").contains("known: text");
    }

    @Test
    void givenMqttWithoutATopic_thenItIsAUsageError() {
        int exit = run("--protocol", "text", "--mqtt", "tcp://localhost:1883");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--mqtt needs --topic");
    }

    @Test
    void givenBrokerCredentialsWithoutMqttOrAMissingPasswordVariable_thenTheErrorSaysWhy() {
        assertThat(run("--protocol", "text", "--tcp", "127.0.0.1:0", "--username", "bridge")).isEqualTo(2);
        assertThat(err.toString()).contains("--username and --password-env only apply to --mqtt");

        assertThat(run("--protocol", "text", "--mqtt", "tcp://localhost:1883", "--topic", "t",
                "--username", "bridge", "--password-env", "VIGIL_NO_SUCH_VARIABLE_" + System.nanoTime())).isEqualTo(2);
        assertThat(err.toString()).contains(": no such environment variable");
    }

    @Test
    void givenAMalformedAddressOrDuration_thenTheErrorSaysWhatWasExpected() {
        assertThat(run("--protocol", "text", "--tcp", "4001")).isEqualTo(2);
        assertThat(err.toString()).contains("HOST:PORT");

        assertThat(run("--protocol", "text", "--tcp", "127.0.0.1:0", "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("90s");
    }

    @Test
    void givenANonPositiveTimeScale_thenItIsAUsageError() {
        int exit = run("--protocol", "text", "--tcp", "127.0.0.1:0", "--time-scale", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--time-scale must be a positive number");
    }

    @Test
    void givenATcpDevice_whenAGatewayConnects_thenItReceivesFramesAndTheCommandStopsOnRequest() throws Exception {
        int port = freePort();
        SimulateCommand command = new SimulateCommand(catalog);
        CommandLine commandLine = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(
                "--protocol", "text", "--scenario", "bradycardia", "--tcp", "127.0.0.1:" + port,
                "--time-scale", "600", "--seed", "7"));
        try (Socket gateway = connectWhenListening(port)) {
            String line = readLine(gateway.getInputStream());

            assertThat(line).startsWith("SPO2=");
        } finally {
            command.requestStop();
        }

        assertThat(exit.get(2, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).contains("playing 'bradycardia'").contains("seed 7").contains("stopped");
    }

    @Test
    void givenADuration_thenTheSimulatorStopsByItself() throws Exception {
        int exit = run("--protocol", "text", "--tcp", "127.0.0.1:" + freePort(), "--duration", "300ms");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("stopped");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return SimulateCommand.commandLine(catalog)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private static Socket connectWhenListening(int port) {
        Socket[] connected = new Socket[1];
        await("simulator listening").atMost(START_WAIT).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout((int) START_WAIT.toMillis());
            connected[0] = socket;
            return true;
        });
        return connected[0];
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
