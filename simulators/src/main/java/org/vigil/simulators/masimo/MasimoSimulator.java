package org.vigil.simulators.masimo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;

/**
 * A Masimo Radical-7 writing "ASCII 1" (docs/wire-formats.md §1): one fixed-width line a
 * second, ended by CR LF, with dashes for values it does not have.
 */
public final class MasimoSimulator implements DeviceSimulator {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MM/dd/yy HH:mm:ss", Locale.ROOT);
    // EXC 000800: informational, present in normal output
    private static final int EXC_SET_MODE = 0x000800;
    // EXC 000020: sensor off
    private static final int EXC_SENSOR_OFF = 0x000020;
    // EXC 000400: low signal IQ, how motion artifact shows
    private static final int EXC_LOW_SIGNAL_IQ = 0x000400;

    private final String serialNumber;
    private final ZoneId deviceZone;

    /** @param serialNumber up to 10 digits; @param deviceZone the zone the device clock is set in */
    public MasimoSimulator(String serialNumber, ZoneId deviceZone) {
        this.serialNumber = serialNumber;
        this.deviceZone = deviceZone;
    }

    @Override
    public Duration frameInterval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public void tick(Instant now, PatientState state, FrameOutput out) {
        out.write(line(now, state).getBytes(StandardCharsets.US_ASCII));
    }

    String line(Instant now, PatientState state) {
        boolean off = state.sensorOff();
        String spo2 = off ? "---" : String.format(Locale.ROOT, "%03d", clamp(state.spo2(), 0, 100));
        String bpm = off ? "---" : String.format(Locale.ROOT, "%03d", clamp(state.pulseRate(), 0, 350));
        String pi = off ? "--.--" : String.format(Locale.ROOT, "%05.2f", Math.max(0, Math.min(20, state.perfusionIndex())));
        int exc = EXC_SET_MODE | (off ? EXC_SENSOR_OFF : 0) | (state.artifact() ? EXC_LOW_SIGNAL_IQ : 0);
        return String.format(Locale.ROOT,
                "%s SN=%10s SPO2=%s%% BPM=%s PI=%s%% SPCO=--.-%% SPMET=--.-%% DESAT=-- PIDELTA=+-- PVI=--- ALARM=0000 EXC=%06X\r\n",
                DATE_TIME.format(now.atZone(deviceZone)), serialNumber, spo2, bpm, pi, exc);
    }

    private static long clamp(double value, int min, int max) {
        return Math.max(min, Math.min(max, Math.round(value)));
    }
}
