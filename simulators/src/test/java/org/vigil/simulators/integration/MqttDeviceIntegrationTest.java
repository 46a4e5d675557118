package org.vigil.simulators.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.simulators.integration.Expectations.SLACK;
import static org.vigil.simulators.integration.Expectations.STARTUP;
import static org.vigil.simulators.integration.Expectations.explained;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.ble.BleBloodPressureSimulator;
import org.vigil.simulators.scenario.Scenarios;

/**
 * Devices that publish to the gateway's broker (an embedded Moquette on a free loopback port): BLE
 * bridges relaying raw GATT values under {@code <base>/<uuid>}, and JSON publishers.
 */
class MqttDeviceIntegrationTest {

    private static final SimulatorCatalog CATALOG = SimulatorCatalog.standard();
    /**
     * A JSON device is silent after 10 s by default; the cable-pull test configures a shorter
     * {@code maximum-quiet-time}, as a clinic may, so that the outage is seen quickly.
     */
    private static final Duration SHORT_QUIET_TIME = Duration.ofSeconds(2);
    /** A short BLE cuff measurement, every minute: the first one starts at once. */
    private static final Duration BP_CYCLE = Duration.ofSeconds(3);
    private static final Duration BP_INTERVAL = Duration.ofMinutes(1);
    /** The cuff publishes its pressure and the result on a one-second tick. */
    private static final Duration BP_TICK = Duration.ofSeconds(1);

    private static Brokers.Broker broker;
    private Bench bench;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = Brokers.moquette();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void unplug() {
        if (bench != null) {
            bench.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "ble-plx"})
    void normal(String protocol) {
        bench = Bench.mqtt(CATALOG, protocol, Scenarios.normal(), 1, broker.url(), null);

        Expectations.normal(bench);
    }

    @Test
    void blePlxDesaturation() {
        bench = Bench.mqtt(CATALOG, "ble-plx", Scenarios.desaturation(), Expectations.DESATURATION_TIME_SCALE, broker.url(), null);

        Expectations.desaturation(bench, Expectations.DESATURATION_TIME_SCALE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "ble-plx"})
    void sensorOff(String protocol) {
        bench = Bench.mqtt(CATALOG, protocol, Scenarios.normal(), Expectations.SENSOR_OFF_TIME_SCALE, broker.url(), null);

        Expectations.sensorOff(bench);
    }

    /** Bit-flipped JSON messages are rejected and counted; the good ones keep coming. */
    @Test
    void jsonGarbage() {
        bench = Bench.mqtt(CATALOG, "json", Scenarios.garbage(), 1, broker.url(), null);

        Expectations.garbage(bench);
    }

    @Test
    void blePlxArtifact() {
        bench = Bench.mqtt(CATALOG, "ble-plx", Scenarios.artifact(), Expectations.ARTIFACT_TIME_SCALE, broker.url(), null);

        Expectations.artifact(bench, Quality.Flag.ARTIFACT);
    }

    /** The bridge leaves the broker: the hub stays connected and reports SILENT, then STREAMING when it is back. */
    @Test
    void jsonCablePull() {
        Duration period = SHORT_QUIET_TIME.plus(Expectations.PULL_LONGER_THAN_QUIET_TIME);
        bench = Bench.mqtt(CATALOG, "json", Scenarios.cablePull(Expectations.PULL_AFTER, period), 1, broker.url(), SHORT_QUIET_TIME);

        Expectations.cablePull(bench, period, Duration.ofSeconds(1));
        assertThat(bench.recorder.lifecycle()).as("the broker connection itself never dropped")
                .containsExactly(Kind.CONNECTED, Kind.STREAMING, Kind.SILENT, Kind.STREAMING);
    }

    /** Intermediate cuff pressure (0x2A36) raises CUFF_INFLATING; the measurement (0x2A35) clears it with the result. */
    @Test
    void bleBloodPressureCuffCycle() {
        SimulatorCatalog catalog = CATALOG.with("ble-bp", () -> new BleBloodPressureSimulator(BP_INTERVAL, BP_CYCLE));
        bench = Bench.mqtt(catalog, "ble-bp", Scenarios.normal(), 1, broker.url(), null);

        explained(bench, () -> await("ble-bp: CUFF_INFLATING raised from intermediate cuff pressure")
                .atMost(STARTUP.plus(BP_TICK).plus(SLACK))
                .until(() -> bench.recorder.first(Kind.CUFF_INFLATING, true).isPresent()));
        explained(bench, () -> await("ble-bp: blood pressure at the end of the cycle")
                .atMost(BP_CYCLE.plus(BP_TICK).plus(SLACK))
                .until(() -> !bench.recorder.readings(VitalSign.BP_SYS).isEmpty()));

        DeviceEvent inflating = bench.recorder.first(Kind.CUFF_INFLATING, true).orElseThrow();
        explained(bench, () -> await("ble-bp: CUFF_INFLATING cleared with the result")
                .atMost(SLACK)
                .until(() -> bench.recorder.first(Kind.CUFF_INFLATING, false).isPresent()));
        Reading systolic = bench.recorder.readings(VitalSign.BP_SYS).get(0);
        Reading diastolic = bench.recorder.readings(VitalSign.BP_DIA).get(0);
        assertThat(systolic.receivedAt()).isAfter(inflating.time());
        assertThat(systolic.value()).isBetween(100.0, 140.0);
        assertThat(diastolic.value()).isBetween(60.0, 95.0);
        assertThat(systolic.isUsable()).isTrue();
        assertThat(systolic.deviceTime()).as("the cuff's timestamp is plausible and kept").isNotNull();
        assertThat(bench.recorder.readings(VitalSign.PULSE_RATE)).as("pulse rate from the cuff").isNotEmpty();
        assertThat(bench.recorder.first(Kind.CUFF_ERROR, true)).as("cuff error").isEmpty();
    }
}
