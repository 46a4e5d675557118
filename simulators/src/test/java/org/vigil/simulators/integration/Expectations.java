package org.vigil.simulators.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.model.VitalSign.PULSE_RATE;
import static org.vigil.model.VitalSign.SPO2;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.simulators.scenario.Scenarios;
import org.vigil.simulators.transport.NoisyLine;

/**
 * What each scenario must look like at the gateway, whatever the protocol and transport. Every wait
 * is named and bounded by the protocol's and the scenario's own constants plus a fixed allowance
 * for a busy build machine.
 */
final class Expectations {

    /** Longest gap between two readings of a streaming oximeter (Masimo, Nonin #8, BLE PLX and JSON send one a second). */
    static final Duration READING_INTERVAL = Duration.ofSeconds(1);
    /** Connecting, negotiating and the first frame. */
    static final Duration STARTUP = Duration.ofSeconds(2);
    /** Allowance for thread scheduling on a loaded build machine. */
    static final Duration SLACK = Duration.ofSeconds(2);
    /** How late after the maximum quiet time an outage may be reported: the driver checks every tick (250 ms). */
    static final Duration OUTAGE_BOUND = Duration.ofSeconds(1);

    /** The simulated patient's SpO2 follows its target with a 12 s lag: three lags reach the plateau. */
    static final Duration SPO2_LAG = Duration.ofSeconds(36);
    /** The desaturation ramp lasts 30 s from its onset. */
    static final Duration DESATURATION_RAMP = Duration.ofSeconds(30);
    /** The first artifact burst starts 10 s into the scenario and lasts at least 4 s. */
    static final Duration FIRST_ARTIFACT_BURST = Duration.ofSeconds(10);
    static final Duration SHORTEST_ARTIFACT_BURST = Duration.ofSeconds(4);
    /**
     * Scenario speed for the artifact scenario: the shortest burst then lasts 4/3 s of wall time,
     * longer than one reading interval, so a once-a-second device is bound to report it.
     */
    static final double ARTIFACT_TIME_SCALE = 3;
    static final double DESATURATION_TIME_SCALE = 40;
    static final double SENSOR_OFF_TIME_SCALE = 40;
    /** A short cable pull: the line goes dead this long after the device starts... */
    static final Duration PULL_AFTER = Duration.ofMillis(1200);
    /**
     * ...and comes back after the quiet time plus this, so that the outage is certainly detected
     * first where only silence reveals it (a serial line, an MQTT bridge).
     */
    static final Duration PULL_LONGER_THAN_QUIET_TIME = Duration.ofSeconds(1);
    /** A device server refuses connections while the cable is out: the driver sees that at once. */
    static final Duration SHORT_PULL = Duration.ofMillis(1500);

    private Expectations() {
    }

    /** Plausible, usable SpO2 and pulse from a healthy adult at rest, and no technical events. */
    static void normal(Bench bench) {
        normal(bench, 0);
    }

    /**
     * As {@link #normal(Bench)}, allowing {@code invalidFramesAtStart} frames discarded before the
     * device took the host's negotiation (a device still writing its previous format).
     */
    static void normal(Bench bench, int invalidFramesAtStart) {
        Recorder recorder = bench.recorder;
        explained(bench, () -> await(bench.protocol + ": two usable SpO2 and pulse readings")
                .atMost(STARTUP.plus(READING_INTERVAL.multipliedBy(2)).plus(SLACK))
                .until(() -> recorder.usable(SPO2).size() >= 2 && recorder.usable(PULSE_RATE).size() >= 2));

        assertThat(recorder.readings(SPO2)).as("SpO2 of a resting adult").allSatisfy(r -> {
            assertThat(r.isUsable()).as("usable: %s", r).isTrue();
            assertThat(r.value()).isBetween(92.0, 100.0);
        });
        assertThat(recorder.readings(PULSE_RATE)).as("pulse of a resting adult")
                .allSatisfy(r -> assertThat(r.value()).isBetween(50.0, 100.0));
        // a broker may drop a brand-new connection and be reconnected to; once streaming, it stays so
        List<Kind> lifecycle = recorder.lifecycle();
        assertThat(lifecycle).as("lifecycle").contains(Kind.CONNECTED, Kind.STREAMING);
        assertThat(lifecycle.subList(lifecycle.indexOf(Kind.STREAMING), lifecycle.size()))
                .as("lifecycle once streaming").containsExactly(Kind.STREAMING);
        assertThat(recorder.events()).as("technical conditions").noneMatch(e -> !e.kind().isLifecycle() && e.active());
        assertThat(recorder.invalidFrames()).as("invalid frames on a clean line").hasSizeLessThanOrEqualTo(invalidFramesAtStart);
    }

    /** SpO2 starts healthy and falls below 88 % once the accelerated scenario passes its onset. */
    static void desaturation(Bench bench, double timeScale) {
        Recorder recorder = bench.recorder;
        Duration scenarioTime = Scenarios.DESATURATION_ONSET.plus(DESATURATION_RAMP).plus(SPO2_LAG);
        explained(bench, () -> await(bench.protocol + ": SpO2 below 88 % at " + timeScale + "x")
                .atMost(scaled(scenarioTime, timeScale).plus(STARTUP).plus(READING_INTERVAL).plus(SLACK))
                .until(() -> recorder.usable(SPO2).stream().anyMatch(r -> r.value() < 88)));

        assertThat(recorder.usable(SPO2)).as("SpO2 readings").first()
                .satisfies(r -> assertThat(r.value()).as("SpO2 before the onset").isGreaterThanOrEqualTo(92));
        assertThat(recorder.events()).as("technical conditions").noneMatch(e -> !e.kind().isLifecycle() && e.active());
    }

    /**
     * On a device that streams the resting patient, the scenario switches to {@code sensor-off}:
     * SENSOR_OFF is raised once the probe comes off, and from then on SpO2 readings are unusable.
     * Switching on a streaming device, rather than starting with the scenario, leaves the probe on
     * until readings flow even when the device needs a moment to connect (an MQTT bridge).
     */
    static void sensorOff(Bench bench) {
        Recorder recorder = bench.recorder;
        explained(bench, () -> await(bench.protocol + ": usable SpO2 before the probe comes off")
                .atMost(STARTUP.plus(READING_INTERVAL).plus(SLACK))
                .until(() -> !recorder.usable(SPO2).isEmpty()));
        bench.device.switchScenario(Scenarios.sensorOff());

        explained(bench, () -> await(bench.protocol + ": SENSOR_OFF raised")
                .atMost(scaled(Scenarios.SENSOR_OFF_AT, bench.device.timeScale()).plus(READING_INTERVAL).plus(SLACK))
                .until(() -> recorder.first(Kind.SENSOR_OFF, true).isPresent()));
        DeviceEvent sensorOff = recorder.first(Kind.SENSOR_OFF, true).orElseThrow();
        assertThat(recorder.usable(SPO2)).as("usable SpO2 before the probe came off")
                .anyMatch(r -> r.receivedAt().isBefore(sensorOff.time()));

        // decoders report a frame's conditions before its readings: everything after the event is unusable
        explained(bench, () -> await(bench.protocol + ": SpO2 reported while the probe is off")
                .atMost(READING_INTERVAL.multipliedBy(2).plus(SLACK))
                .until(() -> recorder.readingsAfter(sensorOff, SPO2).size() >= 2));
        assertThat(recorder.readingsAfter(sensorOff, SPO2)).as("SpO2 while the probe is off")
                .allSatisfy(r -> assertThat(r.isUsable()).as("usable: %s", r).isFalse());
        assertThat(recorder.lifecycle()).as("the device keeps streaming").doesNotContain(Kind.SILENT, Kind.DISCONNECTED);
    }

    /** Noise and corrupted frames are counted as invalid while valid readings keep flowing. */
    static void garbage(Bench bench) {
        Recorder recorder = bench.recorder;
        explained(bench, () -> await(bench.protocol + ": invalid frames counted")
                .atMost(STARTUP.plus(NoisyLine.DEFAULT_NOISE_EVERY).plus(NoisyLine.DEFAULT_CORRUPT_EVERY).plus(SLACK))
                .until(() -> !recorder.invalidFrames().isEmpty()));
        int before = recorder.usable(SPO2).size();
        explained(bench, () -> await(bench.protocol + ": valid readings keep coming through the noise")
                .atMost(READING_INTERVAL.multipliedBy(2).plus(SLACK))
                .until(() -> recorder.usable(SPO2).size() >= before + 2));

        assertThat(recorder.readings()).as("no garbled value escapes as a number")
                .allSatisfy(r -> assertThat(Double.isNaN(r.value()) || r.vital().isPlausible(r.value())).as("%s", r).isTrue());
        // Masimo frames carry no checksum: now and then noise forms a frame with a wrong but plausible
        // value, so only most readings need to show the resting patient. Contec packets carry none
        // either, but their decoders only report a value the next packet repeats, and the noisy line
        // never corrupts two packets in a row: every Contec reading shows the resting patient.
        List<Reading> usable = recorder.usable(SPO2);
        double share = bench.protocol.startsWith("contec") ? 1.0 : 0.8;
        assertThat(usable.stream().filter(r -> r.value() >= 90 && r.value() <= 100).count())
                .as("usable SpO2 of the resting patient through the noise, of %s", usable)
                .isGreaterThanOrEqualTo(Math.round(usable.size() * share));
        assertThat(recorder.lifecycle()).as("a noisy line is not a silent one").doesNotContain(Kind.SILENT, Kind.DISCONNECTED);
    }

    /**
     * A short cable pull ({@link #PULL_AFTER}, lasting {@code period}) is reported as SILENT or
     * DISCONNECTED within the maximum quiet time, and the device streams again once it is back.
     */
    static void cablePull(Bench bench, Duration period, Duration reconnectDelay) {
        Recorder recorder = bench.recorder;
        Instant pulledNoEarlierThan = bench.started.plus(PULL_AFTER);
        explained(bench, () -> await(bench.protocol + ": SILENT or DISCONNECTED after the pull")
                .atMost(PULL_AFTER.plus(bench.quietTime).plus(OUTAGE_BOUND).plus(SLACK))
                .until(() -> recorder.firstOutage(pulledNoEarlierThan).isPresent()));
        DeviceEvent outage = recorder.firstOutage(pulledNoEarlierThan).orElseThrow();
        assertThat(Duration.between(pulledNoEarlierThan, outage.time()))
                .as("outage reported within the maximum quiet time (%s) of the pull", bench.quietTime)
                .isLessThanOrEqualTo(bench.quietTime.plus(OUTAGE_BOUND));
        assertThat(recorder.usable(SPO2)).as("readings before the pull")
                .anyMatch(r -> r.receivedAt().isBefore(outage.time()));

        explained(bench, () -> await(bench.protocol + ": STREAMING again once the cable is back")
                .atMost(period.plus(reconnectDelay).plus(STARTUP).plus(SLACK))
                .until(() -> recorder.first(Kind.STREAMING, outage.time()).isPresent()
                        && !recorder.usable(SPO2, outage.time()).isEmpty()));
        Instant back = recorder.first(Kind.STREAMING, outage.time()).orElseThrow().time();
        assertThat(Duration.between(outage.time(), back)).as("outage lasts about as long as the pull")
                .isGreaterThanOrEqualTo(period.minus(bench.quietTime).minus(OUTAGE_BOUND));
        assertThat(recorder.lifecycle()).as("lifecycle").startsWith(Kind.CONNECTED, Kind.STREAMING).endsWith(Kind.STREAMING);
    }

    /** Readings taken during a motion burst carry the protocol's artifact flag; those before it do not. */
    static void artifact(Bench bench, Quality.Flag flag) {
        Recorder recorder = bench.recorder;
        Duration burst = scaled(FIRST_ARTIFACT_BURST, ARTIFACT_TIME_SCALE);
        explained(bench, () -> await(bench.protocol + ": readings flagged " + flag + " during the first motion burst")
                .atMost(burst.plus(scaled(SHORTEST_ARTIFACT_BURST, ARTIFACT_TIME_SCALE)).plus(STARTUP).plus(SLACK))
                .until(() -> !recorder.flagged(flag).isEmpty()));

        Reading first = recorder.flagged(flag).get(0);
        assertThat(first.receivedAt()).as("flagged no earlier than the burst").isAfterOrEqualTo(bench.started.plus(burst));
        assertThat(recorder.readings(SPO2)).as("clean SpO2 before the burst")
                .anyMatch(r -> r.receivedAt().isBefore(first.receivedAt()) && r.quality().isValid());
        assertThat(first.isUsable()).as("usable with " + flag).isEqualTo(!flag.makesUnusable());
    }

    /** Runs a wait; when it times out, says what the device did meanwhile. */
    static void explained(Bench bench, Runnable wait) {
        try {
            wait.run();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n  meanwhile " + bench, e);
        }
    }

    static Duration scaled(Duration scenarioTime, double timeScale) {
        return Duration.ofNanos((long) (scenarioTime.toNanos() / timeScale));
    }
}
