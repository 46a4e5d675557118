package org.vigil.alerting;

/**
 * Per-bed facts the profile cannot know.
 *
 * @param cuffSameLimbAsSpo2 the BP cuff is on the limb carrying the SpO2 probe, so SpO2 alarms
 *                           are held while the cuff inflates
 */
public record BedSettings(boolean cuffSameLimbAsSpo2) {

    public static final BedSettings DEFAULT = new BedSettings(false);
}
