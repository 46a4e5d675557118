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
 * Contec CMS50D+/CMS50E firmware 4.6 live replies (docs/wire-formats.md §4.2): 9 bytes
 * {@code 01 En d3 d4 d5 d6 d7 FF FF}; d3..d7 have b7 set and carry, masked with 0x7F,
 * signal/bar, pleth, (reserved), pulse rate and SpO2. The pulse rate therefore stops at 127/min.
 *
 * <p>Byte 2 is E0 when the values are valid. The low two bits are status flags, which descriptions
 * of the protocol read differently (§4.2): E1 "PR/SpO2 invalid" and E2 "no data", or, in an open
 * v4.6 reader, finger out (0x01) and searching (0x02), which is how they are mapped here.
 *
 * <p>The replies carry no checksum, so a value is only reported once the next reply repeats it
 * (see {@link ReadingThrottle}).
 */
public final class Contec46Decoder implements FrameDecoder {

    static final int PACKET_LENGTH = 9;
    static final int START = 0x01;
    static final int STATUS_BASE = 0xE0;
    /** E1: PR/SpO2 invalid, the finger is out. */
    static final int FINGER_OUT = 0x01;
    /** E2: no data yet, the device is searching for a pulse. */
    static final int SEARCHING = 0x02;
    static final int NO_SPO2 = 127;

    private final ConditionState conditions = new ConditionState();
    private final ReadingThrottle throttle = new ReadingThrottle();
    private final DiscardedBytes discarded = new DiscardedBytes();

    @Override
    public void decode(ByteBuffer in, Instant now, DecoderSink sink) {
        while (in.hasRemaining() && decodeOne(in, sink)) {
            // next reply
        }
        discarded.flush(sink);
    }

    private boolean decodeOne(ByteBuffer in, DecoderSink sink) {
        int p = in.position();
        if (in.get(p) != START) {
            skip(in, "no 01 start byte");
            return true;
        }
        if (in.remaining() < PACKET_LENGTH) return false;
        int status = in.get(p + 1) & 0xFF;
        if ((status & ~(FINGER_OUT | SEARCHING)) != STATUS_BASE) {
            skip(in, String.format("unknown reply type %02X", status));
            return true;
        }
        for (int i = 2; i <= 6; i++) {
            if ((in.get(p + i) & 0x80) == 0) {
                skip(in, "data byte " + (i + 1) + " without b7");
                return true;
            }
        }
        if (in.get(p + 7) != (byte) 0xFF || in.get(p + 8) != (byte) 0xFF) {
            skip(in, "reply does not end FF FF");
            return true;
        }
        int pulse = in.get(p + 5) & 0x7F;
        int spo2 = in.get(p + 6) & 0x7F;
        in.position(p + PACKET_LENGTH);
        discarded.flush(sink);
        if (status == STATUS_BASE && spo2 != NO_SPO2 && !VitalSign.SPO2.isPlausible(spo2)) {
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.OUT_OF_RANGE, PACKET_LENGTH,
                    "SpO2 " + spo2 + " outside the plausible range"));
            throttle.interrupted();
            return true;
        }
        reply(status, spo2, pulse, sink);
        return true;
    }

    private void skip(ByteBuffer in, String detail) {
        in.position(in.position() + 1);
        discarded.add(1, InvalidFrame.Cause.BAD_LAYOUT, detail);
        throttle.interrupted();
    }

    private void reply(int status, int spo2, int pulse, DecoderSink sink) {
        boolean fingerOut = (status & FINGER_OUT) != 0;
        conditions.report(Kind.SENSOR_OFF, fingerOut, fingerOut ? "finger out" : "cleared", sink);
        Quality quality = Quality.VALID;
        if (fingerOut) quality = quality.with(Flag.SENSOR_OFF);
        if ((status & SEARCHING) != 0) quality = quality.with(Flag.SEARCHING);
        boolean valid = status == STATUS_BASE;
        double spo2Value = valid && spo2 != NO_SPO2 ? spo2 : Double.NaN;
        double pulseValue = valid ? pulse : Double.NaN;
        if (throttle.shouldReport(spo2Value, pulseValue, quality)) {
            ContecReadings.report(spo2Value, pulseValue, quality, sink);
        }
    }
}
