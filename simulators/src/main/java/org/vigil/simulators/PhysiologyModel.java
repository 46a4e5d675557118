package org.vigil.simulators;

import java.time.Duration;
import java.util.Random;
import org.vigil.simulators.scenario.Targets;
import org.vigil.simulators.scenario.Timeline;

/**
 * A simulated patient: each vital follows its scenario target with a first-order lag and carries
 * bounded, slowly varying noise, so that values move smoothly and stay physiologically plausible.
 * The model advances in fixed steps of scenario time from a seeded {@link Random}, so a seed and a
 * timeline always give the same patient whatever the frame rate. Not thread-safe.
 */
public final class PhysiologyModel {

    static final double STEP_SECONDS = 0.25;
    private static final double DIASTOLIC_GAP = 20;

    private final Random random;
    private final Vital spo2 = new Vital(12, 0.4, 5, 1.0, 70, 100);
    private final Vital pulse = new Vital(15, 1.0, 4, 2.5, 30, 200);
    private final Vital systolic = new Vital(40, 2.0, 20, 5, 70, 240);
    private final Vital diastolic = new Vital(40, 1.5, 20, 4, 40, 140);
    private final Vital respRate = new Vital(20, 0.7, 10, 2, 6, 35);
    private final Vital perfusion = new Vital(20, 0.2, 10, 0.6, 0.2, 15);
    private Timeline timeline;
    private double timelineSeconds;
    private double breathPhase;
    private PatientState state;

    public PhysiologyModel(Timeline timeline, long seed) {
        this.timeline = timeline;
        this.random = new Random(seed);
        Targets resting = Targets.RESTING;
        spo2.value = resting.spo2();
        pulse.value = resting.pulseRate();
        systolic.value = resting.systolic();
        diastolic.value = resting.diastolic();
        respRate.value = resting.respRate();
        perfusion.value = resting.perfusionIndex();
        state = compose(resting);
    }

    /** Moves the patient forward to {@code scenarioTime}; an earlier time returns the current state. */
    public PatientState advanceTo(Duration scenarioTime) {
        double target = scenarioTime.toNanos() / 1e9;
        while (timelineSeconds + STEP_SECONDS <= target) {
            timelineSeconds += STEP_SECONDS;
            step(timeline.at(Duration.ofNanos((long) (timelineSeconds * 1e9))));
        }
        return state;
    }

    /** Starts a new timeline at scenario time zero from where the patient is now. */
    public void restart(Timeline next) {
        this.timeline = next;
        this.timelineSeconds = 0;
    }

    public PatientState state() {
        return state;
    }

    private void step(Targets targets) {
        spo2.step(targets.spo2(), random);
        pulse.step(targets.pulseRate(), random);
        systolic.step(targets.systolic(), random);
        diastolic.step(targets.diastolic(), random);
        respRate.step(targets.respRate(), random);
        perfusion.step(targets.perfusionIndex(), random);
        breathPhase = (breathPhase + 2 * Math.PI * respRate.value / 60 * STEP_SECONDS) % (2 * Math.PI);
        state = compose(targets);
    }

    private PatientState compose(Targets targets) {
        double sat = spo2.output();
        // respiratory sinus arrhythmia: pulse rate rises on inspiration
        double hr = pulse.output() + Math.sin(breathPhase);
        double pi = perfusion.output();
        if (targets.artifact()) {
            // motion artifact reads falsely low and jumpy on the oximeter
            sat -= random.nextDouble() * 6;
            hr += random.nextGaussian() * 8;
            pi *= 0.3 + 0.7 * random.nextDouble();
        }
        double sys = systolic.output();
        double dia = Math.min(diastolic.output(), sys - DIASTOLIC_GAP);
        return new PatientState(
                clamp(sat, spo2.min, spo2.max),
                clamp(hr, pulse.min, pulse.max),
                sys,
                dia,
                dia + (sys - dia) / 3,
                respRate.output(),
                clamp(pi, perfusion.min, perfusion.max),
                targets.sensorOff(),
                targets.artifact());
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    /** One vital: a lagged value plus Ornstein-Uhlenbeck noise clipped to a band. */
    private static final class Vital {
        private final double lag;
        private final double noiseDecay;
        private final double noiseKick;
        private final double noiseLimit;
        private final double min;
        private final double max;
        private double value;
        private double noise;

        Vital(double lagSeconds, double noiseSd, double noiseSeconds, double noiseLimit, double min, double max) {
            this.lag = 1 - Math.exp(-STEP_SECONDS / lagSeconds);
            this.noiseDecay = Math.exp(-STEP_SECONDS / noiseSeconds);
            this.noiseKick = noiseSd * Math.sqrt(1 - noiseDecay * noiseDecay);
            this.noiseLimit = noiseLimit;
            this.min = min;
            this.max = max;
        }

        void step(double target, Random random) {
            value += (target - value) * lag;
            noise = clamp(noise * noiseDecay + noiseKick * random.nextGaussian(), -noiseLimit, noiseLimit);
        }

        double output() {
            return clamp(value + noise, min, max);
        }
    }
}
