package org.vigil.bench.micro;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;
import org.vigil.drivers.Protocols;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;
import org.vigil.simulators.SimulatorCatalog;

/**
 * Frames per second through each protocol's session and decoder. The frames are the ones the
 * protocol's simulator writes for a resting patient, captured once in a real conversation with
 * the session (host commands answered), then replayed: one operation is one frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DecoderBenchmark {

    /** Conversation length used to capture frames; long enough for a BP cycle of the NIBP modules. */
    private static final int CAPTURE_TICKS = 600;

    @Param({"masimo", "nonin2", "nonin7", "nonin8", "contec", "contec46", "suntech", "ble-plx", "ble-bp", "json"})
    public String protocol;

    private List<Frame> frames;
    private ProtocolSession session;
    private CountingSink sink;
    private int next;

    record Frame(String topic, byte[] bytes, Instant at) {
    }

    @Setup(Level.Trial)
    public void capture() {
        frames = captureFrames(protocol);
        if (frames.isEmpty()) throw new IllegalStateException("the " + protocol + " simulator wrote no frames");
    }

    @Setup(Level.Iteration)
    public void openSession(Blackhole blackhole) {
        sink = new CountingSink(blackhole);
        session = Protocols.byName(protocol).open(bytes -> { }, sink);
        session.start(frames.get(0).at());
        next = 0;
    }

    @Benchmark
    public void decodeFrame() {
        Frame frame = frames.get(next);
        if (++next == frames.size()) next = 0;
        ByteBuffer in = ByteBuffer.wrap(frame.bytes());
        if (frame.topic() != null) {
            session.message(frame.topic(), in, frame.at());
        } else {
            session.received(in, frame.at());
        }
    }

    /** Plays the simulator against a live session so that command-driven devices answer as they would. */
    static List<Frame> captureFrames(String protocolName) {
        DeviceProtocol protocol = Protocols.byName(protocolName);
        DeviceSimulator simulator = SimulatorCatalog.standard().create(protocolName);
        PatientState patient = PatientState.resting();
        Duration step = simulator.frameInterval();
        Instant[] now = {Instant.parse("2026-11-29T10:00:00Z")};
        List<Frame> captured = new ArrayList<>();
        List<Frame> pending = new ArrayList<>();
        boolean messages = protocol.defaultLineSettings() == null;
        String baseTopic = "bench/" + protocolName;
        FrameOutput out = new FrameOutput() {
            @Override
            public void write(byte[] bytes) {
                pending.add(new Frame(messages ? baseTopic : null, bytes.clone(), now[0]));
            }

            @Override
            public void write(String subTopic, byte[] bytes) {
                pending.add(new Frame(messages ? baseTopic + "/" + subTopic : null, bytes.clone(), now[0]));
            }
        };
        ProtocolSession session = protocol.open(bytes -> simulator.received(bytes, now[0], patient, out),
                new CountingSink(null));
        session.start(now[0]);
        for (int tick = 0; tick < CAPTURE_TICKS; tick++) {
            simulator.tick(now[0], patient, out);
            if (tick % 200 == 10) session.command(DeviceCommand.START_BP, now[0]);
            session.tick(now[0]);
            // answers may prompt further commands; bounded so a chatty pair cannot loop forever
            for (int round = 0; round < 8 && !pending.isEmpty(); round++) {
                List<Frame> batch = List.copyOf(pending);
                pending.clear();
                for (Frame frame : batch) {
                    captured.add(frame);
                    ByteBuffer in = ByteBuffer.wrap(frame.bytes());
                    if (frame.topic() != null) session.message(frame.topic(), in, frame.at());
                    else session.received(in, frame.at());
                }
            }
            now[0] = now[0].plus(step);
        }
        return captured;
    }

    static final class CountingSink implements DecoderSink {
        private final Blackhole blackhole;
        long readings;
        long invalid;

        CountingSink(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
            readings++;
            if (blackhole != null) blackhole.consume(value);
        }

        @Override
        public void condition(DeviceEvent.Kind kind, boolean active, String detail) {
            if (blackhole != null) blackhole.consume(kind);
        }

        @Override
        public void invalidFrame(InvalidFrame frame) {
            invalid++;
            if (blackhole != null) blackhole.consume(frame);
        }
    }
}
