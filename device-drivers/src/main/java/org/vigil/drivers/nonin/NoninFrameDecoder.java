package org.vigil.drivers.nonin;

import java.nio.ByteBuffer;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.Quality;
import org.vigil.model.Quality.Flag;

/**
 * Nonin formats #2 and #7 (docs/wire-formats.md §2.1): 5-byte frames with a checksum, assembled
 * into packets of 25 frames that start at the frame with the SYNC bit. SpO2 and pulse rate (the
 * 4-beat averages) are reported once per packet, three times a second.
 */
public final class NoninFrameDecoder extends NoninDecoder {

    static final int FRAME_LENGTH = 5;
    static final int FRAMES_PER_PACKET = 25;

    // STATUS byte bits
    private static final int SYNC_BIT = 0x80;
    private static final int SNSD = 0x40;
    private static final int ARTF = 0x20;
    private static final int OOT = 0x10;
    private static final int SNSA = 0x08;
    private static final int RPRF = 0x04;
    private static final int GPRF = 0x02;
    private static final int FRAME_SYNC = 0x01;
    // STAT2, the FLOAT byte of frame 8
    private static final int STAT2_LOW_BATTERY = 0x01;

    private final int[] floats = new int[FRAMES_PER_PACKET];
    /** 0-based index of the next frame of the packet; -1 while waiting for a frame with SYNC. */
    private int frameIndex = -1;
    private Quality packetQuality = Quality.VALID;
    private boolean sensorDisconnected;
    private boolean outOfTrack;
    private boolean sensorAlarm;

    NoninFrameDecoder(NoninFormat format) {
        super(format);
        if (format == NoninFormat.FORMAT_8) throw new IllegalArgumentException("format #8 has no frames");
    }

    @Override
    boolean decodeOne(ByteBuffer in, DecoderSink sink) {
        if (in.remaining() < FRAME_LENGTH) return false;
        int p = in.position();
        int b0 = in.get(p) & 0xFF;
        int b1 = in.get(p + 1) & 0xFF;
        int b2 = in.get(p + 2) & 0xFF;
        int b3 = in.get(p + 3) & 0xFF;
        int checksum = in.get(p + 4) & 0xFF;
        // #7: STATUS first, b7 always 1; #2: 01 then STATUS
        int status = format == NoninFormat.FORMAT_7 ? b0 : b1;
        boolean frameStart = format == NoninFormat.FORMAT_7 ? (b0 & SYNC_BIT) != 0 : b0 == 0x01 && (b1 & SYNC_BIT) != 0;
        if (!frameStart) {
            frameIndex = -1;
            discard(in, 1, InvalidFrame.Cause.BAD_LAYOUT, "no frame start");
            return true;
        }
        // checksum = sum of the 4 preceding bytes mod 256
        if (((b0 + b1 + b2 + b3) & 0xFF) != checksum) {
            frameIndex = -1;
            discard(in, 1, InvalidFrame.Cause.BAD_CHECKSUM, "frame checksum mismatch");
            return true;
        }
        in.position(p + FRAME_LENGTH);
        flushDiscarded(sink);
        frame(status, b3, sink);
        return true;
    }

    private void frame(int status, int floatByte, DecoderSink sink) {
        if ((status & FRAME_SYNC) != 0) {
            if (frameIndex > 0) {
                sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, frameIndex * FRAME_LENGTH,
                        "packet cut short after " + frameIndex + " frames"));
            }
            frameIndex = 0;
            packetQuality = Quality.VALID;
            sensorDisconnected = outOfTrack = sensorAlarm = false;
        } else if (frameIndex < 0) {
            return;
        }
        floats[frameIndex++] = floatByte;
        accumulate(status);
        if (frameIndex == FRAMES_PER_PACKET) {
            frameIndex = -1;
            packet(sink);
        }
    }

    /** Status bits hold per frame; a flag seen in any frame of the packet qualifies its values. */
    private void accumulate(int status) {
        sensorDisconnected |= (status & SNSD) != 0;
        outOfTrack |= (status & OOT) != 0;
        sensorAlarm |= (status & SNSA) != 0;
        if ((status & SNSD) != 0) packetQuality = packetQuality.with(Flag.SENSOR_OFF);
        if ((status & ARTF) != 0) packetQuality = packetQuality.with(Flag.ARTIFACT);
        if ((status & OOT) != 0) packetQuality = packetQuality.with(Flag.SEARCHING);
        if ((status & SNSA) != 0) packetQuality = packetQuality.with(Flag.INVALID);
        int perfusion = status & (RPRF | GPRF);
        if (perfusion == RPRF) packetQuality = packetQuality.with(Flag.LOW_PERFUSION);
        if (perfusion == (RPRF | GPRF)) packetQuality = packetQuality.with(Flag.SIGNAL_POOR); // yellow: marginal
    }

    private void packet(DecoderSink sink) {
        // frame 1: HR MSB (bits 1..0 are HR bits 8..7); frame 2: HR LSB (bits 6..0); frame 3: SpO2
        int heartRate = (floats[0] & 0x03) << 7 | floats[1] & 0x7F;
        int spo2 = floats[2];
        int stat2 = floats[7];
        if (outOfRange(heartRate, spo2)) {
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.OUT_OF_RANGE, FRAMES_PER_PACKET * FRAME_LENGTH,
                    "HR " + heartRate + " / SpO2 " + spo2 + " outside the plausible range"));
            return;
        }
        formatConfirmed(false, sink);
        conditions.report(Kind.SENSOR_OFF, sensorDisconnected, sensorDisconnected ? "sensor disconnected" : "cleared", sink);
        boolean poor = outOfTrack || sensorAlarm;
        conditions.report(Kind.SIGNAL_POOR, poor, poor ? (outOfTrack ? "out of track" : "sensor alarm") : "cleared", sink);
        boolean lowBattery = (stat2 & STAT2_LOW_BATTERY) != 0;
        conditions.report(Kind.LOW_BATTERY, lowBattery, lowBattery ? "low battery" : "cleared", sink);
        report(heartRate, spo2, packetQuality, sink);
    }
}
