package org.vigil.drivers.contec;

import org.vigil.drivers.decoding.ConditionState;
import org.vigil.drivers.decoding.DiscardedBytes;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.FrameDecoder;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.Quality;
import org.vigil.model.Quality.Flag;
import org.vigil.model.VitalSign;

/**
 * Contec CMS50D+/CMS50E older firmware live stream (docs/wire-formats.md §4.1): 5-byte packets
 * at about 60 Hz, only byte 1 has b7 set. B1 0x20 "SpO2 dropping" is the device's own alarm and
 * is not reported: the gateway runs its own alarms on the readings.
 *
 * <p>The packets carry no checksum, so a value is only reported once the next packet repeats it
 * (see {@link ReadingThrottle}).
 */
public final class ContecDecoder implements FrameDecoder {

    static final int PACKET_LENGTH = 5;
    /** B5 SpO2 127 = invalid. */
    static final int NO_SPO2 = 127;
    /** PR 255, every bit set, lies outside the device's 30-250/min range: taken as "no value", like SpO2 127. */
    static final int NO_PULSE = 255;

    // B1
    private static final int SYNC_BIT = 0x80;
    private static final int FINGER_OUT = 0x10;
    // B3
    private static final int PULSE_BIT_7 = 0x40;
    private static final int SEARCHING = 0x20;
    private static final int PROBE_ERROR = 0x10;

    private final ConditionState conditions = new ConditionState();
    private final ReadingThrottle throttle = new ReadingThrottle();
    private final DiscardedBytes discarded = new DiscardedBytes();

    @Override
    public void decode(ByteBuffer in, Instant now, DecoderSink sink) {
        while (in.hasRemaining() && decodeOne(in, sink)) {
            // next packet
        }
        discarded.flush(sink);
    }

    private boolean decodeOne(ByteBuffer in, DecoderSink sink) {
        int p = in.position();
        int b1 = in.get(p) & 0xFF;
        if ((b1 & SYNC_BIT) == 0) {
            in.position(p + 1);
            discarded.add(1, InvalidFrame.Cause.BAD_LAYOUT, "no sync bit in byte 1");
            throttle.interrupted();
            return true;
        }
        if (in.remaining() < PACKET_LENGTH) return false;
        for (int i = 1; i < PACKET_LENGTH; i++) {
            if ((in.get(p + i) & SYNC_BIT) != 0) {
                in.position(p + i);
                discarded.add(i, InvalidFrame.Cause.BAD_LAYOUT, "sync bit in byte " + (i + 1));
                throttle.interrupted();
                return true;
            }
        }
        int b3 = in.get(p + 2);
        int b4 = in.get(p + 3);
        int spo2 = in.get(p + 4);
        int pulse = ((b3 & PULSE_BIT_7) != 0 ? 0x80 : 0) | b4;
        in.position(p + PACKET_LENGTH);
        discarded.flush(sink);
        if (spo2 != NO_SPO2 && !VitalSign.SPO2.isPlausible(spo2)) {
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.OUT_OF_RANGE, PACKET_LENGTH,
                    "SpO2 " + spo2 + " outside the plausible range"));
            throttle.interrupted();
            return true;
        }
        packet(b1, b3, spo2, pulse, sink);
        return true;
    }

    private void packet(int b1, int b3, int spo2, int pulse, DecoderSink sink) {
        boolean fingerOut = (b1 & FINGER_OUT) != 0;
        boolean probeError = (b3 & PROBE_ERROR) != 0;
        Quality quality = Quality.VALID;
        if (fingerOut) quality = quality.with(Flag.SENSOR_OFF);
        if ((b3 & SEARCHING) != 0) quality = quality.with(Flag.SEARCHING);
        if (probeError) quality = quality.with(Flag.INVALID);
        conditions.report(Kind.SENSOR_OFF, fingerOut, fingerOut ? "finger out" : "cleared", sink);
        conditions.report(Kind.DEVICE_FAULT, probeError, probeError ? "probe error" : "cleared", sink);

        double spo2Value = spo2 == NO_SPO2 ? Double.NaN : spo2;
        double pulseValue = pulse == NO_PULSE ? Double.NaN : pulse;
        if (throttle.shouldReport(spo2Value, pulseValue, quality)) {
            ContecReadings.report(spo2Value, pulseValue, quality, sink);
        }
    }
}
