package org.vigil.bench.micro;

import ca.uhn.fhir.parser.IParser;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Observation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.fhir.ObservationFactory;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * FHIR R4 Observations per second: an SpO2 reading made into a vital-signs Observation by
 * {@link ObservationFactory}, alone and then encoded to JSON by the process's one HAPI context.
 * Measured warm: the first encodings of a process are several times slower.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 1) // HAPI's model introspection takes several seconds to warm up
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FhirEncodingBenchmark {

    private final ObservationFactory factory = new ObservationFactory();
    private final VitalLimits limits = VitalLimits.of(92, 100);
    private IParser parser;
    private Instant time;

    @Setup
    public void setUp() {
        parser = FhirContextHolder.r4().newJsonParser();
        time = Instant.parse("2026-11-29T10:00:00Z");
    }

    @Benchmark
    public Observation buildObservation() {
        time = time.plusSeconds(1);
        return factory.vital(Reading.of("bed-1-oximeter", VitalSign.SPO2, 96, time), "occ-1", limits);
    }

    @Benchmark
    public String buildAndEncodeJson() {
        time = time.plusSeconds(1);
        return parser.encodeResourceToString(
                factory.vital(Reading.of("bed-1-oximeter", VitalSign.SPO2, 96, time), "occ-1", limits));
    }
}
