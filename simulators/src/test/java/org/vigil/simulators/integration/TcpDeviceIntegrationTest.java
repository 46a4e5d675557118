package org.vigil.simulators.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.simulators.integration.Expectations.SLACK;
import static org.vigil.simulators.integration.Expectations.STARTUP;
import static org.vigil.simulators.integration.Expectations.explained;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.contec.Contec46Simulator;
import org.vigil.simulators.nonin.NoninSimulator;
import org.vigil.simulators.scenario.Scenarios;
import org.vigil.simulators.suntech.SunTechModuleSimulator;
import org.vigil.simulators.transport.NoisyLine;

/**
 * Devices behind a serial device server in raw TCP mode: the simulator serves a loopback port, the
 * driver connects to it, negotiates where the protocol needs it and streams.
 */
class TcpDeviceIntegrationTest {

    private static final SimulatorCatalog CATALOG = SimulatorCatalog.standard();
    /** A CMS50D+ with firmware 4.6 stops streaming when no command has come for about 10 s. */
    private static final Duration CONTEC46_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);
    /** A short SunTech measurement, so that a whole cycle fits in a test. */
    private static final Duration SUNTECH_CYCLE = Duration.ofSeconds(3);
    /** The driver polls the cuff pressure once a second while the module measures. */
    private static final Duration SUNTECH_PRESSURE_POLL = Duration.ofSeconds(1);

    private Bench bench;

    @AfterEach
    void unplug() {
        if (bench != null) {
            bench.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nonin7", "nonin2", "contec46"})
    void normal(String protocol) {
        bench = Bench.tcp(CATALOG, protocol, Scenarios.normal(), 1);

        Expectations.normal(bench);
    }

    @Test
    void nonin7Desaturation() {
        bench = Bench.tcp(CATALOG, "nonin7", Scenarios.desaturation(), Expectations.DESATURATION_TIME_SCALE);

        Expectations.desaturation(bench, Expectations.DESATURATION_TIME_SCALE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nonin7", "contec46"})
    void sensorOff(String protocol) {
        bench = Bench.tcp(CATALOG, protocol, Scenarios.normal(), Expectations.SENSOR_OFF_TIME_SCALE);

        Expectations.sensorOff(bench);
    }

    @Test
    void nonin7Garbage() {
        bench = Bench.tcp(CATALOG, "nonin7", Scenarios.garbage(), 1);

        Expectations.garbage(bench);
        explained(bench, () -> await("nonin7: a corrupted frame fails its checksum")
                .atMost(NoisyLine.DEFAULT_CORRUPT_EVERY.multipliedBy(2).plus(SLACK))
                .until(() -> bench.recorder.invalidFrames().stream().anyMatch(frame -> frame.cause() == InvalidFrame.Cause.BAD_CHECKSUM)));
    }

    @Test
    void nonin7Artifact() {
        bench = Bench.tcp(CATALOG, "nonin7", Scenarios.artifact(), Expectations.ARTIFACT_TIME_SCALE);

        Expectations.artifact(bench, Quality.Flag.ARTIFACT);
    }

    /**
     * The device server drops the connection and refuses new ones: DISCONNECTED at once, then the
     * driver reconnects and, for Contec 4.6, starts the live stream again.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"masimo", "contec46"})
    void cablePull(String protocol) {
        Duration period = Expectations.SHORT_PULL;
        bench = Bench.tcp(CATALOG, protocol, Scenarios.cablePull(Expectations.PULL_AFTER, period), 1);

        Expectations.cablePull(bench, period, Bench.RECONNECT.maximum());
        assertThat(bench.recorder.lifecycle()).as("a refused connection is a disconnection")
                .containsSubsequence(Kind.CONNECTED, Kind.STREAMING, Kind.DISCONNECTED, Kind.CONNECTED, Kind.STREAMING);
    }

    /** A Nonin powered on in format #2 is switched to #7 by the driver's select-format command. */
    /** Frames of the old format that may arrive before the device switches (a round trip at 75 Hz). */
    private static final int FORMAT_SWITCH_DISCARDS = 10;

    @Test
    void nonin7SelectsItsFormatOnADeviceSetToAnother() {
        NoninSimulator oximeter = new NoninSimulator(2);
        ListeningSimulator device = new ListeningSimulator(oximeter);
        bench = Bench.tcp(CATALOG.with("nonin7", () -> device), "nonin7", Scenarios.normal(), 1);

        // #2 frames written before the select command arrives are discarded: a few at most at 75 Hz.
        Expectations.normal(bench, FORMAT_SWITCH_DISCARDS);
        assertThat(device.hostBytes()).as("select format #7").startsWith("027002020703");
        assertThat(oximeter.format()).isEqualTo(7);
    }

    /** Firmware 4.6 streams only while the host repeats its keep-alive (AF) within the device's timeout. */
    @Test
    void contec46KeepAliveKeepsTheDeviceStreaming() {
        Contec46Simulator oximeter = new Contec46Simulator();
        ListeningSimulator device = new ListeningSimulator(oximeter);
        bench = Bench.tcp(CATALOG.with("contec46", () -> device), "contec46", Scenarios.normal(), 1);

        explained(bench, () -> await("contec46: keep-alive (7D 81 AF) before the device's timeout")
                .atMost(STARTUP.plus(CONTEC46_KEEP_ALIVE_TIMEOUT))
                .until(() -> device.hostBytes().contains("7D81AF")));
        Instant keptAlive = device.received().stream().filter(r -> r.hex().contains("7D81AF")).findFirst().orElseThrow().at();
        Instant started = device.received().get(0).at();
        assertThat(device.received().get(0).hex()).as("start live stream").startsWith("7D81A1");
        assertThat(Duration.between(started, keptAlive)).as("keep-alive within the device's timeout")
                .isLessThan(CONTEC46_KEEP_ALIVE_TIMEOUT);
        explained(bench, () -> await("contec46: readings after the keep-alive")
                .atMost(Expectations.READING_INTERVAL.plus(SLACK))
                .until(() -> !bench.recorder.usable(VitalSign.SPO2, keptAlive).isEmpty()));
        assertThat(oximeter.isStreaming()).isTrue();
        assertThat(bench.recorder.lifecycle()).containsExactly(Kind.CONNECTED, Kind.STREAMING);
    }

    /** START_BP: the cuff inflates (CUFF_INFLATING raised), deflates (cleared), and the result arrives. */
    @Test
    void suntechStartBpMeasuresOnce() {
        bench = Bench.tcp(CATALOG.with("suntech", () -> new SunTechModuleSimulator(SUNTECH_CYCLE)), "suntech", Scenarios.normal(), 1);
        givenStreaming();

        assertThat(bench.driver.command(DeviceCommand.START_BP)).succeedsWithin(SLACK).isEqualTo(true);
        explained(bench, () -> await("suntech: CUFF_INFLATING raised")
                .atMost(SUNTECH_CYCLE.plus(SUNTECH_PRESSURE_POLL).plus(SLACK))
                .until(() -> bench.recorder.first(Kind.CUFF_INFLATING, true).isPresent()));
        explained(bench, () -> await("suntech: blood pressure after the cycle")
                .atMost(SUNTECH_CYCLE.plus(SUNTECH_PRESSURE_POLL.multipliedBy(2)).plus(SLACK))
                .until(() -> !bench.recorder.readings(VitalSign.BP_SYS).isEmpty()
                        && bench.recorder.first(Kind.CUFF_INFLATING, false).isPresent()));

        DeviceEvent inflating = bench.recorder.first(Kind.CUFF_INFLATING, true).orElseThrow();
        DeviceEvent deflated = bench.recorder.first(Kind.CUFF_INFLATING, false).orElseThrow();
        assertThat(inflating.detail()).matches("cuff \\d+ mmHg");
        assertThat(deflated.time()).isAfterOrEqualTo(inflating.time());
        Reading systolic = bench.recorder.readings(VitalSign.BP_SYS).get(0);
        Reading diastolic = bench.recorder.readings(VitalSign.BP_DIA).get(0);
        assertThat(systolic.receivedAt()).isAfterOrEqualTo(inflating.time());
        assertThat(systolic.value()).isBetween(100.0, 140.0);
        assertThat(diastolic.value()).isBetween(60.0, 95.0).isLessThan(systolic.value());
        assertThat(bench.recorder.readings(VitalSign.BP_MEAN)).singleElement()
                .satisfies(mean -> assertThat(mean.value()).isBetween(diastolic.value(), systolic.value()));
        assertThat(List.of(systolic, diastolic)).allMatch(Reading::isUsable);
        assertThat(bench.recorder.has(Kind.CUFF_ERROR)).isFalse();
        assertThat(bench.recorder.lifecycle()).as("an idle module between measurements is not silent")
                .containsExactly(Kind.CONNECTED, Kind.STREAMING);
    }

    /** A cuff off the arm never holds pressure: the module gives up and CUFF_ERROR is raised, no BP. */
    @Test
    void suntechCuffOffTheArm() {
        bench = Bench.tcp(CATALOG.with("suntech", () -> new SunTechModuleSimulator(SUNTECH_CYCLE)), "suntech",
                Scenarios.sensorOff(), Expectations.SENSOR_OFF_TIME_SCALE);
        givenStreaming();
        Duration offAt = Expectations.scaled(Scenarios.SENSOR_OFF_AT, Expectations.SENSOR_OFF_TIME_SCALE);
        explained(bench, () -> await("suntech: cuff off the arm")
                .atMost(offAt.plus(SLACK))
                .until(() -> bench.device.patientState().sensorOff()));

        assertThat(bench.driver.command(DeviceCommand.START_BP)).succeedsWithin(SLACK).isEqualTo(true);
        explained(bench, () -> await("suntech: CUFF_ERROR raised")
                .atMost(SUNTECH_CYCLE.plus(SUNTECH_PRESSURE_POLL.multipliedBy(2)).plus(SLACK))
                .until(() -> bench.recorder.first(Kind.CUFF_ERROR, true).isPresent()));
        assertThat(bench.recorder.readings(VitalSign.BP_SYS)).isEmpty();
    }

    private void givenStreaming() {
        explained(bench, () -> await("suntech: module answers its idle poll")
                .atMost(STARTUP.plus(SLACK))
                .until(() -> bench.recorder.lifecycle().contains(Kind.STREAMING)));
    }
}
