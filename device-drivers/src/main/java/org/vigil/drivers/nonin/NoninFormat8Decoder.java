package org.vigil.drivers.nonin;

import java.nio.ByteBuffer;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.Quality;
import org.vigil.model.Quality.Flag;

/**
 * Nonin format #8 (docs/wire-formats.md §2.2): a 4-byte packet once a second, no checksum;
 * only byte 1 has b7 set, which is how the decoder finds packet boundaries.
 */
public final class NoninFormat8Decoder extends NoninDecoder {

    static final int PACKET_LENGTH = 4;

    // B1
    private static final int SYNC_BIT = 0x80;
    private static final int SENSOR_DISCONNECTED = 0x40;
    private static final int OUT_OF_TRACK = 0x20;
    private static final int LOW_PERFUSION = 0x10;
    private static final int MARGINAL_PERFUSION = 0x08;
    private static final int ARTIFACT = 0x04;
    // B4 (0x04 spot-check mode does not qualify the values)
    private static final int SENSOR_UNUSABLE = 0x08;
    private static final int CRITICAL_BATTERY = 0x02;
    private static final int LOW_BATTERY = 0x01;

    NoninFormat8Decoder() {
        super(NoninFormat.FORMAT_8);
    }

    @Override
    boolean decodeOne(ByteBuffer in, DecoderSink sink) {
        int p = in.position();
        int b1 = in.get(p) & 0xFF;
        if ((b1 & SYNC_BIT) == 0) {
            discard(in, 1, InvalidFrame.Cause.BAD_LAYOUT, "no sync bit in byte 1");
            return true;
        }
        if (in.remaining() < PACKET_LENGTH) return false;
        for (int i = 1; i < PACKET_LENGTH; i++) {
            if ((in.get(p + i) & SYNC_BIT) != 0) {
                discard(in, i, InvalidFrame.Cause.BAD_LAYOUT, "sync bit in byte " + (i + 1));
                return true;
            }
        }
        int b2 = in.get(p + 1);
        int b3 = in.get(p + 2);
        int b4 = in.get(p + 3);
        in.position(p + PACKET_LENGTH);
        int heartRate = (b1 & 0x03) << 7 | b2;
        int spo2 = b3;
        if (outOfRange(heartRate, spo2)) {
            flushDiscarded(sink);
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.OUT_OF_RANGE, PACKET_LENGTH,
                    "HR " + heartRate + " / SpO2 " + spo2 + " outside the plausible range"));
            return true;
        }
        flushDiscarded(sink);
        packet(b1, b4, heartRate, spo2, sink);
        return true;
    }

    private void packet(int b1, int b4, int heartRate, int spo2, DecoderSink sink) {
        Quality quality = Quality.VALID;
        if ((b1 & SENSOR_DISCONNECTED) != 0) quality = quality.with(Flag.SENSOR_OFF);
        if ((b1 & OUT_OF_TRACK) != 0) quality = quality.with(Flag.SEARCHING);
        if ((b1 & LOW_PERFUSION) != 0) quality = quality.with(Flag.LOW_PERFUSION);
        if ((b1 & MARGINAL_PERFUSION) != 0) quality = quality.with(Flag.SIGNAL_POOR);
        if ((b1 & ARTIFACT) != 0) quality = quality.with(Flag.ARTIFACT);
        boolean unusable = (b4 & SENSOR_UNUSABLE) != 0;
        if (unusable) quality = quality.with(Flag.INVALID);

        formatConfirmed(unusable, sink);
        boolean disconnected = (b1 & SENSOR_DISCONNECTED) != 0;
        conditions.report(Kind.SENSOR_OFF, disconnected, disconnected ? "sensor disconnected" : "cleared", sink);
        boolean outOfTrack = (b1 & OUT_OF_TRACK) != 0;
        conditions.report(Kind.SIGNAL_POOR, outOfTrack, outOfTrack ? "out of track" : "cleared", sink);
        boolean battery = (b4 & (CRITICAL_BATTERY | LOW_BATTERY)) != 0;
        String batteryDetail = (b4 & CRITICAL_BATTERY) != 0 ? "critical battery" : battery ? "low battery" : "cleared";
        conditions.report(Kind.LOW_BATTERY, battery, batteryDetail, sink);
        report(heartRate, spo2, quality, sink);
    }
}
