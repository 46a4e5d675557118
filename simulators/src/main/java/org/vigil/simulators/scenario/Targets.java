package org.vigil.simulators.scenario;

import org.vigil.simulators.PatientState;

/**
 * Where a scenario wants the patient and the sensor to be at one instant; the physiology model
 * moves toward it with its own lag and noise.
 */
public record Targets(
        double spo2,
        double pulseRate,
        double systolic,
        double diastolic,
        double respRate,
        double perfusionIndex,
        boolean sensorOff,
        boolean artifact) {

    /** The resting adult every scenario starts from. */
    public static final Targets RESTING = from(PatientState.resting());

    public static Targets from(PatientState state) {
        return new Targets(state.spo2(), state.pulseRate(), state.systolic(), state.diastolic(),
                state.respRate(), state.perfusionIndex(), state.sensorOff(), state.artifact());
    }

    public Targets withSpo2(double value) {
        return new Targets(value, pulseRate, systolic, diastolic, respRate, perfusionIndex, sensorOff, artifact);
    }

    public Targets withPulseRate(double value) {
        return new Targets(spo2, value, systolic, diastolic, respRate, perfusionIndex, sensorOff, artifact);
    }

    public Targets withPressure(double sys, double dia) {
        return new Targets(spo2, pulseRate, sys, dia, respRate, perfusionIndex, sensorOff, artifact);
    }

    public Targets withRespRate(double value) {
        return new Targets(spo2, pulseRate, systolic, diastolic, value, perfusionIndex, sensorOff, artifact);
    }

    public Targets withSensorOff(boolean value) {
        return new Targets(spo2, pulseRate, systolic, diastolic, respRate, perfusionIndex, value, artifact);
    }

    public Targets withArtifact(boolean value) {
        return new Targets(spo2, pulseRate, systolic, diastolic, respRate, perfusionIndex, sensorOff, value);
    }

    /** Linear blend of the vitals; the flags are this one's until the blend reaches {@code to}. */
    public Targets blend(Targets to, double fraction) {
        if (fraction >= 1) {
            return to;
        }
        return new Targets(
                lerp(spo2, to.spo2, fraction),
                lerp(pulseRate, to.pulseRate, fraction),
                lerp(systolic, to.systolic, fraction),
                lerp(diastolic, to.diastolic, fraction),
                lerp(respRate, to.respRate, fraction),
                lerp(perfusionIndex, to.perfusionIndex, fraction),
                sensorOff,
                artifact);
    }

    private static double lerp(double from, double to, double fraction) {
        return from + (to - from) * fraction;
    }
}
