package org.vigil.simulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.simulators.scenario.Scenario;
import org.vigil.simulators.scenario.Scenarios;
import org.vigil.simulators.transport.LineFault;
import org.vigil.simulators.transport.Transport;

/**
 * A running simulated bedside device: a {@link DeviceSimulator} speaking its protocol about a
 * {@link PhysiologyModel} patient who follows a {@link Scenario}, over a {@link Transport}.
 *
 * <p>Scenario time runs {@code timeScale} times faster than wall time, so a 90-minute ketamine
 * session can be watched in minutes; frames still leave at the device's real-time rate, each one
 * showing the patient at the accelerated scenario time. Line faults (cable pull, noise) run on wall
 * time, because what they exercise, the gateway's silence detection and reconnect, runs on wall time.
 */
public final class SimulatedDevice implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedDevice.class);

    private final Transport transport;
    private final Clock clock;
    private final double timeScale;
    private final Random lineRandom;
    private final PhysiologyModel model;
    private final SimulatorRunner runner;
    private volatile Scenario scenario;
    private volatile PatientState lastState;
    private Instant scenarioStart;
    private LineFault line;

    private SimulatedDevice(Builder builder) {
        this.transport = builder.transport;
        this.clock = builder.clock;
        this.timeScale = builder.timeScale;
        this.scenario = builder.scenario;
        // the line's noise draws from its own stream, so a fault does not change the patient of a seed
        this.lineRandom = new Random(builder.seed ^ 0x5DEECE66DL);
        this.model = new PhysiologyModel(scenario.timeline(), builder.seed);
        this.lastState = model.state();
        this.line = scenario.lineFault().wrap(transport, transport, lineRandom);
        this.runner = new SimulatorRunner(builder.name, builder.simulator, clock, this::patientAt, new FrameOutput() {
            @Override
            public void write(byte[] bytes) {
                line.write(bytes);
            }

            @Override
            public void write(String subTopic, byte[] bytes) {
                line.write(subTopic, bytes);
            }
        });
    }

    /** Starts {@code simulator} playing {@code scenario} over {@code transport}, with a random seed. */
    public static SimulatedDevice start(DeviceSimulator simulator, Scenario scenario, double timeScale,
                                        Transport transport) {
        return builder(simulator, transport).scenario(scenario).timeScale(timeScale).start();
    }

    public static Builder builder(DeviceSimulator simulator, Transport transport) {
        return new Builder(simulator, transport);
    }

    /**
     * Plays {@code next} from its scenario time zero, starting from where the patient is now; takes
     * effect before the device's next tick. Any fault of the previous scenario is cleared (a pulled
     * cable is plugged back in).
     */
    public void switchScenario(Scenario next) {
        Objects.requireNonNull(next, "scenario");
        Runnable change = () -> {
            line.clear();
            scenario = next;
            scenarioStart = clock.instant();
            model.restart(next.timeline());
            line = next.lineFault().wrap(transport, transport, lineRandom);
            log.info("device on {} now plays scenario {}", transport.describe(), next.name());
        };
        if (runner.isRunning()) {
            runner.execute(change);
        } else {
            change.run();
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The patient as of the latest frame. */
    public PatientState patientState() {
        return lastState;
    }

    public double timeScale() {
        return timeScale;
    }

    public Transport transport() {
        return transport;
    }

    public boolean isRunning() {
        return runner.isRunning();
    }

    /** Stops the device and closes its transport; returns within about a second. */
    public void stop() {
        runner.stop();
        transport.close();
    }

    @Override
    public void close() {
        stop();
    }

    private SimulatedDevice begin() {
        scenarioStart = clock.instant();
        try {
            transport.open(runner::hostBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + transport.describe(), e);
        }
        runner.start();
        log.info("device on {} plays scenario {} at {}x", transport.describe(), scenario.name(), timeScale);
        return this;
    }

    /** For tests with a hand-moved clock: runs the ticks due now on the caller's thread. */
    int runDueTicks() {
        return runner.runDueTicks();
    }

    SimulatedDevice prepare() {
        scenarioStart = clock.instant();
        return this;
    }

    /** Scenario time at wall instant {@code now}. */
    Duration scenarioTimeAt(Instant now) {
        long wallNanos = Math.max(0, Duration.between(scenarioStart, now).toNanos());
        return Duration.ofNanos((long) (wallNanos * timeScale));
    }

    private PatientState patientAt(Instant now) {
        line.elapsed(Duration.between(scenarioStart, now));
        lastState = model.advanceTo(scenarioTimeAt(now));
        return lastState;
    }


    public static final class Builder {
        private final DeviceSimulator simulator;
        private final Transport transport;
        private Scenario scenario = Scenarios.normal();
        private double timeScale = 1;
        private long seed = new Random().nextLong();
        private Clock clock = Clock.systemUTC();
        private String name;

        private Builder(DeviceSimulator simulator, Transport transport) {
            this.simulator = Objects.requireNonNull(simulator, "simulator");
            this.transport = Objects.requireNonNull(transport, "transport");
            this.name = simulator.getClass().getSimpleName();
        }

        public Builder scenario(Scenario value) {
            this.scenario = Objects.requireNonNull(value, "scenario");
            return this;
        }

        /** Scenario seconds per wall second; must be positive. */
        public Builder timeScale(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("time scale must be a positive number, got " + value);
            }
            this.timeScale = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Names the device's thread and log lines, e.g. the bed it stands at. */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** Opens the transport and starts ticking on the device's own thread. */
        public SimulatedDevice start() {
            return new SimulatedDevice(this).begin();
        }

        /** Builds without opening the transport or starting a thread; tests drive it with {@code runDueTicks}. */
        SimulatedDevice build() {
            return new SimulatedDevice(this).prepare();
        }
    }
}
