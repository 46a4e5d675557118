package org.vigil.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatorRunnerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    /** Nonin serial format #7 sends 75 frames a second. */
    private static final Duration NONIN_7_INTERVAL = Duration.ofNanos(1_000_000_000L / 75);

    private final List<byte[]> written = new CopyOnWriteArrayList<>();
    private SimulatorRunner runner;

    @AfterEach
    void stopRunner() {
        if (runner != null) {
            runner.stop();
        }
    }

    @Test
    void givenAHandMovedClock_whenASecondPasses_thenTheDeviceTicksOncePerIntervalAtTheScheduledInstants() {
        ManualClock clock = new ManualClock(T0);
        TextLineSimulator device = new TextLineSimulator(Duration.ofMillis(100));
        runner = givenARunner(device, clock);

        runner.runDueTicks();
        clock.advance(Duration.ofSeconds(1));
        runner.runDueTicks();

        assertThat(device.ticks).hasSize(11);
        assertThat(device.ticks.get(0)).isEqualTo(T0);
        assertThat(device.ticks.get(10)).isEqualTo(T0.plusSeconds(1));
        assertThat(written).hasSize(11);
    }

    @Test
    void givenTheRunnerFallsFarBehind_whenItCatchesUp_thenItBatchesAtMostMaxBatchTicksAndSkipsTheRest() {
        ManualClock clock = new ManualClock(T0);
        TextLineSimulator device = new TextLineSimulator(Duration.ofMillis(10));
        runner = givenARunner(device, clock);
        runner.runDueTicks();

        clock.advance(Duration.ofSeconds(10));
        int ran = runner.runDueTicks();
        clock.advance(Duration.ofMillis(10));
        runner.runDueTicks();

        assertThat(ran).isEqualTo(SimulatorRunner.MAX_BATCH);
        assertThat(runner.skippedTicks()).isEqualTo(1000 - SimulatorRunner.MAX_BATCH);
        assertThat(device.ticks.get(device.ticks.size() - 1)).isEqualTo(T0.plusMillis(10_010));
    }

    @Test
    void givenA75HzDevice_whenStarted_thenItTicksEvery13msOnItsOwnThread() {
        TextLineSimulator device = new TextLineSimulator(NONIN_7_INTERVAL);
        runner = givenARunner(device, java.time.Clock.systemUTC());

        runner.start();

        await("75 frames of a 75 Hz device").atMost(Duration.ofSeconds(3)).until(() -> device.ticks.size() >= 75);
        Instant first = device.ticks.get(0);
        for (int i = 1; i < 75; i++) {
            assertThat(Duration.between(first, device.ticks.get(i))).isEqualTo(NONIN_7_INTERVAL.multipliedBy(i));
        }
        assertThat(device.threads).allMatch(name -> name.equals("simulator-test"));
    }

    @Test
    void givenARunningDevice_whenStopped_thenItStopsWithinASecondAndTicksNoMore() {
        TextLineSimulator device = new TextLineSimulator(Duration.ofMillis(20));
        runner = givenARunner(device, java.time.Clock.systemUTC());
        runner.start();
        await("first frames").atMost(Duration.ofSeconds(2)).until(() -> device.ticks.size() >= 3);

        long before = System.nanoTime();
        runner.stop();
        Duration stopping = Duration.ofNanos(System.nanoTime() - before);
        int ticksAtStop = device.ticks.size();

        assertThat(stopping).isLessThan(Duration.ofSeconds(1));
        assertThat(runner.isRunning()).isFalse();
        await("no tick after stop").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
                .until(() -> device.ticks.size() == ticksAtStop);
    }

    @Test
    void givenTheHostSendsACommand_thenTheDeviceReceivesItOnItsThreadAndItsAnswerIsWritten() {
        TextLineSimulator device = new TextLineSimulator(Duration.ofSeconds(1));
        runner = givenARunner(device, java.time.Clock.systemUTC());
        runner.start();

        runner.hostBytes("PING\n".getBytes());

        await("answer to PING").atMost(Duration.ofSeconds(2))
                .until(() -> written.stream().anyMatch(b -> new String(b).equals("PONG\n")));
        assertThat(device.received).containsExactly("PING\n");
        assertThat(device.threads).allMatch(name -> name.equals("simulator-test"));
    }

    @Test
    void givenADeviceThatThrows_thenItKeepsBeingTicked() {
        AtomicInteger calls = new AtomicInteger();
        DeviceSimulator faulty = new DeviceSimulator() {
            @Override
            public Duration frameInterval() {
                return Duration.ofMillis(10);
            }

            @Override
            public void tick(Instant now, PatientState state, FrameOutput out) {
                calls.incrementAndGet();
                throw new IllegalStateException("encoder bug");
            }
        };
        ManualClock clock = new ManualClock(T0);
        runner = new SimulatorRunner("faulty", faulty, clock, now -> PatientState.resting(), written::add);

        runner.runDueTicks();
        clock.advance(Duration.ofMillis(100));
        runner.runDueTicks();

        assertThat(calls).hasValue(11);
    }

    private SimulatorRunner givenARunner(TextLineSimulator device, java.time.Clock clock) {
        return new SimulatorRunner("test", device, clock, now -> PatientState.resting(), written::add);
    }
}
