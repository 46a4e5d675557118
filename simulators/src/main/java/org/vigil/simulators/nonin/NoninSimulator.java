package org.vigil.simulators.nonin;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;

/**
 * A Nonin OEM III oximeter (docs/wire-formats.md §2). It writes one 5-byte frame every 1/75 s
 * in formats #2 and #7, or one 4-byte packet a second in format #8, and switches format when the
 * host sends {@code 02 70 02 02 NN 03}, answering 06 (ACK), or 15 (NAK) to anything else.
 */
public final class NoninSimulator implements DeviceSimulator {

    static final int FRAMES_PER_SECOND = 75;
    static final int FRAMES_PER_PACKET = 25;
    static final byte ACK = 0x06;
    static final byte NAK = 0x15;
    private static final int MAX_COMMAND_DATA = 16;

    // STATUS bits of formats #2/#7
    private static final int SNSD = 0x40;
    private static final int ARTF = 0x20;
    private static final int OOT = 0x10;
    private static final int GPRF = 0x02;
    private static final int SYNC = 0x01;
    // B1 bits of format #8
    private static final int F8_SENSOR_DISCONNECTED = 0x40;
    private static final int F8_OUT_OF_TRACK = 0x20;
    private static final int F8_ARTIFACT = 0x04;

    private static final int NO_HEART_RATE = 511;
    private static final int NO_SPO2 = 127;
    private static final int FIRMWARE_REVISION = 0x2A;

    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private int format;
    private long frames;
    private double phase;

    /** @param format the data format the device is set to at power-on: 2, 7 or 8 */
    public NoninSimulator(int format) {
        if (format != 2 && format != 7 && format != 8) throw new IllegalArgumentException("no format #" + format);
        this.format = format;
    }

    public int format() {
        return format;
    }

    @Override
    public Duration frameInterval() {
        return Duration.ofNanos(1_000_000_000L / FRAMES_PER_SECOND);
    }

    @Override
    public void tick(Instant now, PatientState state, FrameOutput out) {
        phase = (phase + state.pulseRate() / 60.0 / FRAMES_PER_SECOND) % 1.0;
        if (format == 8) {
            if (frames % FRAMES_PER_SECOND == 0) out.write(format8(state));
        } else {
            out.write(frame((int) (frames % FRAMES_PER_PACKET), state));
        }
        frames++;
    }

    @Override
    public void received(byte[] bytes, Instant now, PatientState state, FrameOutput out) {
        for (byte b : bytes) {
            if (command.size() == 0 && b != 0x02) continue;
            command.write(b);
            byte[] sofar = command.toByteArray();
            if (sofar.length >= 3 && (sofar[2] & 0xFF) > MAX_COMMAND_DATA) {
                answer(false, out);
            } else if (sofar.length >= 3 && sofar.length == 4 + sofar[2]) {
                answer(sofar[sofar.length - 1] == 0x03 && selectFormat(sofar), out);
            }
        }
    }

    private void answer(boolean accepted, FrameOutput out) {
        command.reset();
        out.write(new byte[] {accepted ? ACK : NAK});
    }

    /**
     * {@code 02 70 02 02 NN 03}: select data format NN; a new format starts with a new packet, and
     * selecting the format in use leaves the packet being sent alone (a host that selects its
     * format on every connect must not cut a packet short).
     */
    private boolean selectFormat(byte[] command) {
        if (command[1] != 0x70 || command[2] != 0x02 || command[3] != 0x02) return false;
        int requested = command[4];
        if (requested != 2 && requested != 7 && requested != 8) return false;
        if (requested != format) {
            format = requested;
            frames = 0;
        }
        return true;
    }

    private byte[] frame(int index, PatientState state) {
        boolean off = state.sensorOff();
        int heartRate = off ? NO_HEART_RATE : (int) Math.max(0, Math.min(350, Math.round(state.pulseRate())));
        int spo2 = off ? NO_SPO2 : (int) Math.max(0, Math.min(100, Math.round(state.spo2())));
        int status = 0x80 | (index == 0 ? SYNC : 0);
        if (off) status |= SNSD | OOT;
        else status |= GPRF;
        if (state.artifact()) status |= ARTF;
        int pleth = off ? 0 : (int) (pulseShape(phase) * 30000) + 1000;
        int value = floatByte(index + 1, heartRate, spo2);
        int[] bytes = format == 7
                ? new int[] {status, pleth >> 8 & 0xFF, pleth & 0xFF, value}
                : new int[] {0x01, status, pleth >> 8 & 0xFF, value};
        int checksum = 0;
        byte[] frame = new byte[5];
        for (int i = 0; i < 4; i++) {
            frame[i] = (byte) bytes[i];
            checksum += bytes[i];
        }
        frame[4] = (byte) checksum;
        return frame;
    }

    /** The FLOAT byte by 1-based frame number, as listed in docs/wire-formats.md §2.1. */
    private int floatByte(int frameNumber, int heartRate, int spo2) {
        int hrMsb = heartRate >> 7 & 0x03;
        int hrLsb = heartRate & 0x7F;
        int seconds = (int) (frames / FRAMES_PER_SECOND);
        return switch (frameNumber) {
            case 1, 14, 20, 22 -> hrMsb;
            case 2, 15, 21, 23 -> hrLsb;
            case 3, 9, 10, 11, 16, 17 -> spo2;
            case 4 -> FIRMWARE_REVISION;
            case 6 -> seconds >> 7 & 0x7F;
            case 7 -> seconds & 0x7F;
            default -> 0; // 8 STAT2: no SmartPoint, battery fine
        };
    }

    private byte[] format8(PatientState state) {
        boolean off = state.sensorOff();
        int heartRate = off ? NO_HEART_RATE : (int) Math.max(0, Math.min(350, Math.round(state.pulseRate())));
        int spo2 = off ? NO_SPO2 : (int) Math.max(0, Math.min(100, Math.round(state.spo2())));
        int b1 = 0x80 | heartRate >> 7 & 0x03;
        if (off) b1 |= F8_SENSOR_DISCONNECTED | F8_OUT_OF_TRACK;
        if (state.artifact()) b1 |= F8_ARTIFACT;
        return new byte[] {(byte) b1, (byte) (heartRate & 0x7F), (byte) spo2, 0};
    }

    /** A synthetic pleth pulse: a fast systolic rise then a slower decay, 0..1 over one beat. */
    static double pulseShape(double phase) {
        return phase < 0.15 ? phase / 0.15 : Math.exp(-(phase - 0.15) * 4);
    }
}
