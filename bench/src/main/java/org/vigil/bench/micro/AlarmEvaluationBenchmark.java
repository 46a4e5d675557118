package org.vigil.bench.micro;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmEngine;
import org.vigil.alerting.AlarmListener;
import org.vigil.alerting.AudioState;
import org.vigil.alerting.BedAlarms;
import org.vigil.alerting.BedSettings;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.ProfileLoader;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Readings per second through one bed's alarm evaluation with the shipped {@code kap-adult}
 * profile: SpO2 and pulse alternating at 2 readings per simulated second, values wandering inside
 * the limits, with the engine's 250 ms tick run as the gateway runs it (four per second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AlarmEvaluationBenchmark {

    private BedAlarms bed;
    private long sequence;
    private Instant now;

    @Setup(Level.Iteration)
    public void setUp() {
        AlarmProfile profile = ProfileLoader.load(configDirectory().resolve("alarm-profiles/kap-adult.yaml"));
        AlarmEngine engine = new AlarmEngine(new AlarmListener() {
            @Override
            public void alarmChanged(AlarmChange change) {
            }

            @Override
            public void audioChanged(String bedId, AudioState state) {
            }
        });
        bed = engine.addBed("bed-1", profile, new BedSettings(false));
        engine.assignDevice("bed-1-oximeter", "bed-1");
        now = Instant.parse("2026-11-29T10:00:00Z");
        sequence = 0;
    }

    @Benchmark
    public void evaluateReading() {
        long n = sequence++;
        now = now.plusMillis(500);
        Reading reading = (n & 1) == 0
                ? Reading.of("bed-1-oximeter", VitalSign.SPO2, 94 + (n >> 1) % 6, now)
                : Reading.of("bed-1-oximeter", VitalSign.PULSE_RATE, 60 + (n >> 1) % 40, now);
        bed.onReading(reading);
        if ((n & 1) == 1) bed.tick(now);
    }

    /** The shipped {@code config/} folder; bench/run passes it, else the working directory's. */
    static Path configDirectory() {
        return Path.of(System.getProperty("vigil.config", "config")).toAbsolutePath();
    }
}
