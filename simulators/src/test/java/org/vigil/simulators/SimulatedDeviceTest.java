package org.vigil.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.simulators.scenario.Scenario;
import org.vigil.simulators.scenario.Scenarios;
import org.vigil.simulators.transport.Refused;
import org.vigil.simulators.transport.TcpServerTransport;

class SimulatedDeviceTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void givenTimeScale60_whenThreeWallSecondsPass_thenFramesShowTheBradycardiaOfScenarioMinuteThree() {
        ManualClock clock = new ManualClock(T0);
        TextLineSimulator sim = new TextLineSimulator(Duration.ofMillis(100));
        RecordingTransport transport = new RecordingTransport();
        SimulatedDevice device = SimulatedDevice.builder(sim, transport)
                .scenario(Scenarios.bradycardia()).timeScale(60).seed(1).clock(clock).build();

        runFor(device, clock, Duration.ofSeconds(3));

        assertThat(device.scenarioTimeAt(T0.plusSeconds(3))).isEqualTo(Duration.ofMinutes(3));
        assertThat(device.patientState().pulseRate()).isLessThanOrEqualTo(40);
        assertThat(sim.ticks).hasSize(31);
        assertThat(Duration.between(sim.ticks.get(0), sim.ticks.get(1))).isEqualTo(Duration.ofMillis(100));
        assertThat(lastLine(transport)).startsWith("SPO2=").contains("HR=3");
    }

    @Test
    void givenRealTime_whenThreeWallSecondsPass_thenThePatientIsStillBeforeTheBradycardiaOnset() {
        ManualClock clock = new ManualClock(T0);
        TextLineSimulator sim = new TextLineSimulator(Duration.ofMillis(100));
        SimulatedDevice device = SimulatedDevice.builder(sim, new RecordingTransport())
                .scenario(Scenarios.bradycardia()).timeScale(1).seed(1).clock(clock).build();

        runFor(device, clock, Duration.ofSeconds(3));

        assertThat(device.scenarioTimeAt(T0.plusSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(device.patientState().pulseRate()).isGreaterThan(60);
    }

    @Test
    void givenARunningDevice_whenTheScenarioIsSwitched_thenThePatientFollowsTheNewOne() {
        TextLineSimulator sim = new TextLineSimulator(Duration.ofMillis(20));
        RecordingTransport transport = new RecordingTransport();
        try (SimulatedDevice device = SimulatedDevice.start(sim, Scenarios.normal(), 600, transport)) {
            await("first frames").atMost(Duration.ofSeconds(2)).until(() -> sim.ticks.size() >= 2);

            device.switchScenario(Scenarios.bradycardia());

            await("bradycardia reached at 600x").atMost(Duration.ofSeconds(5))
                    .until(() -> device.patientState().pulseRate() <= 40);
            assertThat(device.scenario().name()).isEqualTo("bradycardia");
        }
        assertThat(transport.closed).isTrue();
    }

    @Test
    void givenCablePull_whenPlayedAtTimeScale10_thenTheLineIsDeadFrom20sTo50sOfWallTime() {
        ManualClock clock = new ManualClock(T0);
        TextLineSimulator sim = new TextLineSimulator(Duration.ofMillis(500));
        RecordingTransport transport = new RecordingTransport();
        SimulatedDevice device = SimulatedDevice.builder(sim, transport)
                .scenario(Scenarios.byName("cable-pull")).timeScale(10).seed(1).clock(clock).build();

        runFor(device, clock, Duration.ofSeconds(19));
        int beforePull = transport.writes.size();
        runFor(device, clock, Duration.ofSeconds(30));
        int duringPull = transport.writes.size() - beforePull;
        runFor(device, clock, Duration.ofSeconds(11));

        assertThat(transport.cableChanges).containsExactly(false, true);
        assertThat(beforePull).isEqualTo(39);
        assertThat(duringPull).isEqualTo(1);
        assertThat(transport.writes.size() - beforePull - duringPull).isGreaterThanOrEqualTo(20);
    }

    @Test
    void givenAPulledCable_whenSwitchedToNormal_thenTheCableIsPluggedBackIn() {
        ManualClock clock = new ManualClock(T0);
        RecordingTransport transport = new RecordingTransport();
        SimulatedDevice device = SimulatedDevice.builder(new TextLineSimulator(), transport)
                .scenario(Scenarios.cablePull(Duration.ZERO, Duration.ofMinutes(5))).seed(1).clock(clock).build();
        runFor(device, clock, Duration.ofSeconds(1));

        device.switchScenario(Scenarios.normal());

        assertThat(transport.cableChanges).containsExactly(false, true);
        assertThat(transport.isCableConnected()).isTrue();
    }

    @Test
    void givenCablePullOverTcp_thenTheGatewayIsCutOffRefusedAndThenServedAgain() throws Exception {
        TcpServerTransport transport = new TcpServerTransport("127.0.0.1", 0);
        Scenario shortPull = Scenarios.cablePull(Duration.ofMillis(600), Duration.ofMillis(1500));
        TextLineSimulator sim = new TextLineSimulator(Duration.ofMillis(20));

        try (SimulatedDevice device = SimulatedDevice.builder(sim, transport).scenario(shortPull).seed(3).start();
             Socket gateway = new Socket("127.0.0.1", transport.port())) {
            gateway.setSoTimeout(3000);
            assertThat(readLine(gateway)).startsWith("SPO2=");

            await("connection closed by the pull").atMost(Duration.ofSeconds(3))
                    .until(() -> readToEnd(gateway));
            assertThat(transport.isCableConnected()).isFalse();
            Refused.assertNothingListensOn(transport.port());

            await("cable plugged back in").atMost(Duration.ofSeconds(3)).until(transport::isCableConnected);
            try (Socket again = new Socket("127.0.0.1", transport.port())) {
                again.setSoTimeout(3000);
                readLine(again);
                assertThat(readLine(again)).startsWith("SPO2=");
            }
        }
    }

    private static String readLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = socket.getInputStream().read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    /** Reads until the device closes the connection; true once it has. */
    private static boolean readToEnd(Socket socket) throws IOException {
        byte[] buffer = new byte[4096];
        while (socket.getInputStream().read(buffer) >= 0) {
            // discard frames sent before the pull
        }
        return true;
    }

    private static void runFor(SimulatedDevice device, ManualClock clock, Duration wall) {
        device.runDueTicks();
        for (long ms = 0; ms < wall.toMillis(); ms += 100) {
            clock.advance(Duration.ofMillis(100));
            device.runDueTicks();
        }
    }

    private static String lastLine(RecordingTransport transport) {
        List<String> lines = transport.text().lines().toList();
        return lines.get(lines.size() - 1);
    }
}
