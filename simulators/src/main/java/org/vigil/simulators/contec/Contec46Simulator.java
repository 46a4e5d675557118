package org.vigil.simulators.contec;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;

/**
 * A Contec CMS50D+ with firmware 4.6 (docs/wire-formats.md §4.2). It streams 9-byte live replies
 * {@code 01 En d3..d7 FF FF} every 1/60 s only after the host sends A1, and stops when no command
 * (A1 or the AF keep-alive) has come for {@link #KEEP_ALIVE_TIMEOUT}. Stored-data replay (A6) is
 * not simulated.
 */
public final class Contec46Simulator implements DeviceSimulator {

    static final int REPLIES_PER_SECOND = 60;
    static final Duration KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);
    private static final int COMMAND_LENGTH = 9;
    private static final byte START_LIVE = (byte) 0xA1;
    private static final byte KEEP_ALIVE = (byte) 0xAF;
    private static final int VALID = 0xE0;
    private static final int FINGER_OUT = 0xE1;
    private static final int SEARCHING = 0xE2;

    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private boolean streaming;
    private Instant lastCommand;
    private double phase;

    public boolean isStreaming() {
        return streaming;
    }

    @Override
    public Duration frameInterval() {
        return Duration.ofNanos(1_000_000_000L / REPLIES_PER_SECOND);
    }

    @Override
    public void received(byte[] bytes, Instant now, PatientState state, FrameOutput out) {
        for (byte b : bytes) {
            if (command.size() == 0 && b != 0x7D) continue;
            command.write(b);
            if (command.size() == COMMAND_LENGTH) {
                execute(command.toByteArray(), now);
                command.reset();
            }
        }
    }

    /** {@code 7D 81 op 80 80 80 80 80 80}. */
    private void execute(byte[] bytes, Instant now) {
        if (bytes[1] != (byte) 0x81) return;
        if (bytes[2] == START_LIVE) {
            streaming = true;
            lastCommand = now;
        } else if (bytes[2] == KEEP_ALIVE) {
            lastCommand = now;
        }
    }

    @Override
    public void tick(Instant now, PatientState state, FrameOutput out) {
        if (streaming && Duration.between(lastCommand, now).compareTo(KEEP_ALIVE_TIMEOUT) > 0) {
            streaming = false;
        }
        if (!streaming) return;
        phase = (phase + state.pulseRate() / 60.0 / REPLIES_PER_SECOND) % 1.0;
        boolean off = state.sensorOff();
        // motion makes the device lose the pulse and search again
        int status = off ? FINGER_OUT : state.artifact() ? SEARCHING : VALID;
        double shape = off ? 0 : ContecSimulator.pulseShape(phase);
        int bar = (int) (shape * 15);
        int pleth = (int) (shape * 100);
        // the pulse byte has 7 data bits: the reply cannot carry a rate above 127
        int pulse = status == VALID ? (int) Math.max(0, Math.min(127, Math.round(state.pulseRate()))) : 0;
        int spo2 = status == VALID ? (int) Math.max(0, Math.min(100, Math.round(state.spo2()))) : 127;
        out.write(new byte[] {0x01, (byte) status, (byte) (0x80 | bar), (byte) (0x80 | pleth), (byte) 0x80,
                (byte) (0x80 | pulse), (byte) (0x80 | spo2), (byte) 0xFF, (byte) 0xFF});
    }
}
