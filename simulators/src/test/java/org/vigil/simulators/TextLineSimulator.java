package org.vigil.simulators;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test device: one text line per tick ({@code SPO2=97 HR=72 SYS=124 DIA=78 OFF=0 ART=0}), and
 * {@code PONG} in answer to {@code PING}. Records what it saw so tests can check the runner.
 */
public final class TextLineSimulator implements DeviceSimulator {

    private final Duration interval;
    public final List<Instant> ticks = new CopyOnWriteArrayList<>();
    public final List<String> threads = new CopyOnWriteArrayList<>();
    public final List<String> received = new CopyOnWriteArrayList<>();

    public TextLineSimulator() {
        this(Duration.ofMillis(100));
    }

    public TextLineSimulator(Duration interval) {
        this.interval = interval;
    }

    @Override
    public Duration frameInterval() {
        return interval;
    }

    @Override
    public void tick(Instant now, PatientState state, FrameOutput out) {
        ticks.add(now);
        threads.add(Thread.currentThread().getName());
        out.write(line(state).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void received(byte[] bytes, Instant now, PatientState state, FrameOutput out) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        received.add(text);
        threads.add(Thread.currentThread().getName());
        if (text.contains("PING")) {
            out.write("PONG\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    public static String line(PatientState s) {
        return String.format(Locale.ROOT, "SPO2=%.0f HR=%.0f SYS=%.0f DIA=%.0f OFF=%d ART=%d%n",
                s.spo2(), s.pulseRate(), s.systolic(), s.diastolic(), s.sensorOff() ? 1 : 0, s.artifact() ? 1 : 0);
    }
}
