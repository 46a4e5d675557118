package org.vigil.gateway.sessions;

/**
 * Where a session is. Before the dose: checked in, then baseline once it is taken. After the dose,
 * the profile's boundaries ({@code session.peak-from}, {@code session.recovery-from}) divide onset
 * (BP expected to rise), peak and recovery. Signed off ends it.
 */
public enum Phase {
    CHECKED_IN, BASELINE, ONSET, PEAK, RECOVERY, SIGNED_OFF
}
