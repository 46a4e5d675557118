package org.vigil.simulators;

/**
 * What the simulated patient and sensor look like at one instant; the source every device
 * simulator encodes from. Values are in the vitals' UCUM units.
 */
public record PatientState(
        double spo2,
        double pulseRate,
        double systolic,
        double diastolic,
        double mean,
        double respRate,
        double perfusionIndex,
        /** The probe is off the finger / the cuff is off the arm. */
        boolean sensorOff,
        /** Motion or interference corrupts the signal. */
        boolean artifact) {

    public static PatientState resting() {
        return new PatientState(97, 72, 124, 78, 93, 14, 3.6, false, false);
    }
}
