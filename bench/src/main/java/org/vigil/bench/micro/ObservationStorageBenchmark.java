package org.vigil.bench.micro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.fhir.ObservationFactory;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.gateway.storage.Database;
import org.vigil.gateway.storage.FencingToken;
import org.vigil.gateway.storage.FhirResourceRepository;
import org.vigil.gateway.storage.FhirResourceRepository.EncodedObservation;
import org.vigil.gateway.storage.OutboxRepository;
import org.vigil.gateway.storage.StorageConfig;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Observations stored per second in the embedded H2 file, as the recorder stores a ward's charting:
 * {@value #SLICE} Observations already encoded, one transaction, export off. Only the writing is
 * measured: each batch is made and encoded before its invocation. The table grows through the run
 * as it does in a clinic, so the figure includes the cost of its indexes getting deeper.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObservationStorageBenchmark {

    /** The recorder's charting slice (VitalsRecorder.CHARTING_SLICE). */
    static final int SLICE = 500;
    private static final VitalSign[] VITALS = {VitalSign.SPO2, VitalSign.PULSE_RATE, VitalSign.PERFUSION_INDEX};

    private final ObservationFactory factory = new ObservationFactory();
    private final VitalLimits limits = VitalLimits.of(92, 100);
    private Path directory;
    private Database database;
    private FhirResourceRepository repository;
    private Instant minute = Instant.parse("2026-11-29T10:00:00Z");
    private List<EncodedObservation> batch;

    @Setup
    public void open() throws IOException {
        directory = Files.createTempDirectory("vigil-storage-bench");
        database = Database.open(StorageConfig.h2(directory), Clock.systemUTC());
        repository = new FhirResourceRepository(database,
                new OutboxRepository(database, Clock.systemUTC(), FencingToken.NONE, false),
                FhirContextHolder.r4(), Clock.systemUTC());
    }

    /** The next minute's charting of {@value #SLICE} device-vitals, made and encoded. */
    @Setup(Level.Invocation)
    public void nextBatch() {
        minute = minute.plusSeconds(60);
        batch = new ArrayList<>(SLICE);
        for (int i = 0; i < SLICE; i++) {
            VitalSign vital = VITALS[i % VITALS.length];
            Reading reading = Reading.of("bed-" + (i / VITALS.length) + "-oximeter", vital, 96, minute);
            batch.add(repository.encoded(factory.vital(reading, "occ-" + (i / VITALS.length), limits)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(SLICE)
    public List<Boolean> storeCharting() {
        return repository.saveEncoded(batch);
    }

    @TearDown
    public void close() throws IOException {
        database.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
        }
    }
}
