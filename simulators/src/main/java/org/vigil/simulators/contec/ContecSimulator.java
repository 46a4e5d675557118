package org.vigil.simulators.contec;

import java.time.Duration;
import java.time.Instant;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;

/**
 * A Contec CMS50D+ with older firmware (docs/wire-formats.md §4.1): a 5-byte live packet every
 * 1/60 s, only byte 1 with b7 set. The device has no artifact bit; motion shows as a weak signal.
 */
public final class ContecSimulator implements DeviceSimulator {

    static final int PACKETS_PER_SECOND = 60;
    // B1
    private static final int SYNC = 0x80;
    private static final int BEEP = 0x40;
    private static final int FINGER_OUT = 0x10;
    // B3
    private static final int PULSE_BIT_7 = 0x40;
    private static final int SEARCHING = 0x20;
    private static final int NO_SPO2 = 127;
    private static final int NO_PULSE = 255;

    private double phase;

    @Override
    public Duration frameInterval() {
        return Duration.ofNanos(1_000_000_000L / PACKETS_PER_SECOND);
    }

    @Override
    public void tick(Instant now, PatientState state, FrameOutput out) {
        double previous = phase;
        phase = (phase + state.pulseRate() / 60.0 / PACKETS_PER_SECOND) % 1.0;
        boolean beat = phase < previous;
        boolean off = state.sensorOff();
        int pulse = off ? NO_PULSE : (int) Math.max(0, Math.min(254, Math.round(state.pulseRate())));
        int spo2 = off ? NO_SPO2 : (int) Math.max(0, Math.min(100, Math.round(state.spo2())));
        double shape = off ? 0 : pulseShape(phase);
        int strength = off ? 0 : state.artifact() ? 2 : 8;
        int b1 = SYNC | (beat && !off ? BEEP : 0) | (off ? FINGER_OUT : 0) | strength;
        int b2 = (int) (shape * 100);
        int b3 = (pulse & 0x80) != 0 ? PULSE_BIT_7 : 0;
        b3 |= off ? SEARCHING : (int) (shape * 15);
        out.write(new byte[] {(byte) b1, (byte) b2, (byte) b3, (byte) (pulse & 0x7F), (byte) spo2});
    }

    /** A synthetic pleth pulse: a fast systolic rise then a slower decay, 0..1 over one beat. */
    static double pulseShape(double phase) {
        return phase < 0.15 ? phase / 0.15 : Math.exp(-(phase - 0.15) * 4);
    }
}
