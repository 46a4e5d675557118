package org.vigil.simulators.suntech;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;

/**
 * A SunTech Advantage OEM NIBP module: answers host commands with module-to-host frames
 * ({@code 3E len ... chk}) and runs a measurement cycle of inflation then stepwise deflation.
 * When the measurement ends it sends the "complete" status {@code K} unasked.
 */
public final class SunTechModuleSimulator implements DeviceSimulator {

    public static final Duration DEFAULT_CYCLE = Duration.ofSeconds(30);
    /** The module checks the cuff this often. */
    static final Duration FRAME_INTERVAL = Duration.ofMillis(100);
    /** Share of the cycle spent inflating; the rest deflates. */
    static final double INFLATION_SHARE = 0.3;
    /** Inflation goes this far above systolic to occlude the artery. */
    static final int OVERSHOOT_MMHG = 30;

    static final int ERROR_WEAK_SIGNAL = 1;
    static final int ERROR_ERRATIC_SIGNAL = 2;
    static final int ERROR_INFLATE_TIMEOUT = 87;

    private static final byte[][] COMMANDS = {
            bytes(0x3A, 0x20, 0xA6),              // start adult
            bytes(0x3A, 0x87, 0x3F),              // start pediatric
            bytes(0x3A, 0x28, 0x9E),              // start neonate
            bytes(0x3A, 0x79, 0x01, 0x00, 0x4C),  // abort
            bytes(0x3A, 0x79, 0x05, 0x00, 0x48),  // get cuff pressure
            bytes(0x3A, 0x79, 0x03, 0x00, 0x4A),  // get BP data
            bytes(0x3A, 0x79, 0x02, 0x03, 0x48),  // get return code
            bytes(0x3A, 0x00, 0xC6),              // module data
    };

    private final Duration cycle;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private Instant measurementStarted;
    private int peakPressure;
    private boolean cuffOff;
    private byte[] lastResult = result(0, 0, 0, 0, 0);

    public SunTechModuleSimulator() {
        this(DEFAULT_CYCLE);
    }

    /** @param cycle how long a whole measurement takes (20-45 s on a real module) */
    public SunTechModuleSimulator(Duration cycle) {
        if (cycle.isZero() || cycle.isNegative()) throw new IllegalArgumentException("cycle must be positive: " + cycle);
        this.cycle = cycle;
    }

    @Override
    public Duration frameInterval() {
        return FRAME_INTERVAL;
    }

    public boolean isMeasuring() {
        return measurementStarted != null;
    }

    @Override
    public void tick(Instant now, PatientState state, FrameOutput out) {
        if (measurementStarted == null) return;
        double progress = progress(now);
        if (cuffOff && progress >= INFLATION_SHARE) {
            finish(result(0, 0, 0, 0, ERROR_INFLATE_TIMEOUT), out);
        } else if (progress >= 1) {
            finish(resultFor(state), out);
        }
    }

    @Override
    public void received(byte[] bytes, Instant now, PatientState state, FrameOutput out) {
        pending.writeBytes(bytes);
        byte[] buffer = pending.toByteArray();
        int position = 0;
        while (position < buffer.length) {
            int matched = match(buffer, position);
            if (matched == -1) break;
            if (matched == -2) {
                position++;
                continue;
            }
            answer(matched, now, state, out);
            position += COMMANDS[matched].length;
        }
        pending.reset();
        pending.write(buffer, position, buffer.length - position);
    }

    private void answer(int command, Instant now, PatientState state, FrameOutput out) {
        switch (command) {
            case 0, 1, 2 -> {
                if (measurementStarted != null) {
                    out.write(status('B'));
                } else {
                    measurementStarted = now;
                    cuffOff = state.sensorOff();
                    peakPressure = (int) Math.round(state.systolic()) + OVERSHOOT_MMHG;
                    out.write(status('O'));
                }
            }
            case 3 -> {
                measurementStarted = null;
                out.write(status('A'));
            }
            case 4 -> out.write(pressure(cuffPressure(now)));
            case 5 -> out.write(lastResult.clone());
            case 6 -> out.write(status(measurementStarted != null ? 'B' : 'O'));
            default -> out.write(status('O'));
        }
    }

    private void finish(byte[] result, FrameOutput out) {
        measurementStarted = null;
        lastResult = result;
        out.write(status('K'));
    }

    private byte[] resultFor(PatientState state) {
        if (state.sensorOff()) return result(0, 0, 0, 0, ERROR_WEAK_SIGNAL);
        if (state.artifact()) return result(0, 0, 0, 0, ERROR_ERRATIC_SIGNAL);
        return result((int) Math.round(state.systolic()), (int) Math.round(state.diastolic()),
                (int) Math.round(state.pulseRate()), (int) Math.round(state.mean()), 0);
    }

    /** Cuff pressure now: a ramp up to systolic + overshoot, then a linear deflation to zero. */
    int cuffPressure(Instant now) {
        if (measurementStarted == null) return 0;
        double progress = Math.min(1, progress(now));
        if (cuffOff) return (int) Math.round(3 * Math.min(1, progress / INFLATION_SHARE));
        if (progress < INFLATION_SHARE) return (int) Math.round(peakPressure * progress / INFLATION_SHARE);
        return (int) Math.round(peakPressure * (1 - progress) / (1 - INFLATION_SHARE));
    }

    private double progress(Instant now) {
        return (double) Duration.between(measurementStarted, now).toMillis() / cycle.toMillis();
    }

    /** Index of the command at {@code position}; -1 when the buffer holds only its beginning; -2 for no command. */
    private static int match(byte[] buffer, int position) {
        boolean prefix = false;
        for (int i = 0; i < COMMANDS.length; i++) {
            byte[] command = COMMANDS[i];
            int available = Math.min(command.length, buffer.length - position);
            if (Arrays.equals(buffer, position, position + available, command, 0, available)) {
                if (available == command.length) return i;
                prefix = true;
            }
        }
        return prefix ? -1 : -2;
    }

    static byte[] status(char code) {
        return frame(code);
    }

    static byte[] pressure(int mmHg) {
        return frame(mmHg & 0xFF, (mmHg >> 8) & 0xFF);
    }

    /** Result frame, length 0x18: systolic, diastolic, bit-test, BP status, 8 test codes, HR, MAP, error, spare. */
    static byte[] result(int systolic, int diastolic, int heartRate, int mean, int errorCode) {
        return frame(systolic & 0xFF, systolic >> 8 & 0xFF, diastolic & 0xFF, diastolic >> 8 & 0xFF,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                heartRate & 0xFF, heartRate >> 8 & 0xFF, mean & 0xFF, mean >> 8 & 0xFF,
                errorCode, 0, 0);
    }

    /** {@code 3E len data chk}: len counts every byte; the sum of all bytes is 0 mod 256. */
    private static byte[] frame(int... data) {
        byte[] frame = new byte[data.length + 3];
        frame[0] = 0x3E;
        frame[1] = (byte) frame.length;
        for (int i = 0; i < data.length; i++) frame[i + 2] = (byte) data[i];
        int sum = 0;
        for (int i = 0; i < frame.length - 1; i++) sum += frame[i] & 0xFF;
        frame[frame.length - 1] = (byte) -sum;
        return frame;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) bytes[i] = (byte) values[i];
        return bytes;
    }
}
