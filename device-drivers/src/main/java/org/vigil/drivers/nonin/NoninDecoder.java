package org.vigil.drivers.nonin;

import org.vigil.drivers.decoding.ConditionState;
import org.vigil.drivers.decoding.DiscardedBytes;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.FrameDecoder;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/**
 * What the Nonin format decoders share: the device's ACK/NAK answer to a format-select command,
 * reporting a run of discarded bytes as one invalid frame, and the "no value" sentinels.
 */
public abstract sealed class NoninDecoder implements FrameDecoder permits NoninFrameDecoder, NoninFormat8Decoder {

    /** "No value" sentinels (docs/wire-formats.md §2): HR 511, SpO2 127. */
    static final int NO_HEART_RATE = 511;
    static final int NO_SPO2 = 127;

    final NoninFormat format;
    final ConditionState conditions = new ConditionState();
    private final DiscardedBytes discarded = new DiscardedBytes();
    private boolean awaitingReply;

    NoninDecoder(NoninFormat format) {
        this.format = format;
    }

    public static NoninDecoder of(NoninFormat format) {
        return format == NoninFormat.FORMAT_8 ? new NoninFormat8Decoder() : new NoninFrameDecoder(format);
    }

    /** The host sent a format-select command: the next 06 (ACK) or 15 (NAK) between frames answers it. */
    public void expectReply() {
        awaitingReply = true;
    }

    @Override
    public final void decode(ByteBuffer in, Instant now, DecoderSink sink) {
        while (in.hasRemaining()) {
            byte next = in.get(in.position());
            // 06 and 15 cannot start a frame in any format: #7/#8 start with b7 set, #2 with 01.
            if (awaitingReply && (next == NoninFormat.ACK || next == NoninFormat.NAK)) {
                in.get();
                awaitingReply = false;
                if (next == NoninFormat.NAK) {
                    conditions.report(Kind.DEVICE_FAULT, true,
                            "device refused data format " + format + " (NAK); check its output setting", sink);
                }
                continue;
            }
            if (!decodeOne(in, sink)) break;
        }
        flushDiscarded(sink);
    }

    /**
     * Decodes or discards what starts at the buffer position.
     *
     * @return {@code false} when more bytes are needed
     */
    abstract boolean decodeOne(ByteBuffer in, DecoderSink sink);

    /** Drops {@code count} bytes; consecutive drops are reported as one invalid frame with the first cause. */
    void discard(ByteBuffer in, int count, InvalidFrame.Cause cause, String detail) {
        in.position(in.position() + count);
        discarded.add(count, cause, detail);
    }

    void flushDiscarded(DecoderSink sink) {
        discarded.flush(sink);
    }

    /** A packet decoded: a refused format-select no longer matters, the device streams this format. */
    void formatConfirmed(boolean sensorUnusable, DecoderSink sink) {
        conditions.report(Kind.DEVICE_FAULT, sensorUnusable, sensorUnusable ? "sensor unusable" : "cleared", sink);
    }

    static boolean outOfRange(int heartRate, int spo2) {
        return heartRate != NO_HEART_RATE && !VitalSign.PULSE_RATE.isPlausible(heartRate)
                || spo2 != NO_SPO2 && !VitalSign.SPO2.isPlausible(spo2);
    }

    static void report(int heartRate, int spo2, Quality quality, DecoderSink sink) {
        reportValue(VitalSign.SPO2, spo2 == NO_SPO2 ? Double.NaN : spo2, quality, sink);
        reportValue(VitalSign.PULSE_RATE, heartRate == NO_HEART_RATE ? Double.NaN : heartRate, quality, sink);
    }

    private static void reportValue(VitalSign vital, double value, Quality quality, DecoderSink sink) {
        boolean unexplained = Double.isNaN(value) && quality.isUsable();
        sink.reading(vital, value, unexplained ? quality.with(Quality.Flag.INVALID) : quality, null);
    }
}
