package org.vigil.bench.micro;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.gateway.beds.LiveEvents;
import org.vigil.gateway.stream.StreamHub;

/**
 * Live-stream events per second through {@link StreamHub}: one reading event encoded once and
 * written to every connected client. Clients are in-memory Netty channels whose written frames are
 * released at once, so this measures encoding and fan-out, not a network.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SseFanoutBenchmark {

    @Param({"1", "10", "50"})
    public int clients;

    private StreamHub hub;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private Instant time;
    private long sequence;

    @Setup
    public void setUp() {
        hub = new StreamHub();
        for (int i = 0; i < clients; i++) {
            EmbeddedChannel channel = new EmbeddedChannel();
            channels.add(channel);
            hub.add(channel);
        }
        time = Instant.parse("2026-11-29T10:00:00Z");
    }

    @Benchmark
    public void publishReading() {
        time = time.plusMillis(500);
        hub.publish("reading", new LiveEvents.ReadingEvent("bed-" + (sequence++ % 1000), "bed-1-oximeter", "SPO2",
                96.0, "%", time, "VALID"));
        for (EmbeddedChannel channel : channels) {
            Object written;
            while ((written = channel.readOutbound()) != null) ReferenceCountUtil.release(written);
        }
    }

    @TearDown
    public void tearDown() {
        hub.closeAll();
    }
}
