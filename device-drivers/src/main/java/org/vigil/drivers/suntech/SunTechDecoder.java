package org.vigil.drivers.suntech;

import java.nio.ByteBuffer;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.VitalSign;

/**
 * Splits the module-to-host byte stream into replies (docs/wire-formats.md §3): {@code 3E len ... chk},
 * where {@code len} counts every byte of the frame and all bytes, checksum included, sum to 0 mod 256.
 * Pure: it keeps no state between calls beyond the bytes it leaves in the buffer.
 */
public final class SunTechDecoder {

    /** Where decoded replies and discarded bytes go. */
    public interface Listener {
        void reply(SunTechReply reply);

        void invalidFrame(InvalidFrame frame);
    }

    static final int START = 0x3E;
    static final int STATUS_LENGTH = 4;
    static final int PRESSURE_LENGTH = 5;
    static final int RESULT_LENGTH = 0x18;
    static final int MAX_LENGTH = RESULT_LENGTH;

    /** A cuff pressure outside this is a decoding fault; the module's safety limit is far below 400. */
    static final int MIN_CUFF_PRESSURE = -20;
    static final int MAX_CUFF_PRESSURE = 400;

    /**
     * Consumes every whole frame in {@code in}; an incomplete frame stays in the buffer. A bad frame is
     * reported once, together with the bytes skipped up to the next 0x3E.
     */
    public void decode(ByteBuffer in, Listener out) {
        while (in.hasRemaining()) {
            int start = in.position();
            if (unsigned(in, start) != START) {
                skip(in, InvalidFrame.Cause.UNEXPECTED_BYTES, "bytes outside a frame", out);
                continue;
            }
            if (in.remaining() < 2) return;
            int length = unsigned(in, start + 1);
            if (length > MAX_LENGTH) {
                skip(in, InvalidFrame.Cause.TOO_LONG, "length 0x%02X exceeds 0x%02X".formatted(length, MAX_LENGTH), out);
                continue;
            }
            if (length != STATUS_LENGTH && length != PRESSURE_LENGTH && length != RESULT_LENGTH) {
                skip(in, InvalidFrame.Cause.BAD_LAYOUT, "no reply has length 0x%02X".formatted(length), out);
                continue;
            }
            if (in.remaining() < length) return;
            int sum = 0;
            for (int i = 0; i < length; i++) sum += unsigned(in, start + i);
            if ((sum & 0xFF) != 0) {
                skip(in, InvalidFrame.Cause.BAD_CHECKSUM, "bytes sum to 0x%02X, not 0x00".formatted(sum & 0xFF), out);
                continue;
            }
            in.position(start + length);
            parse(in, start, length, out);
        }
    }

    private static void parse(ByteBuffer in, int start, int length, Listener out) {
        switch (length) {
            case STATUS_LENGTH -> {
                char code = (char) unsigned(in, start + 2);
                if (code == SunTechReply.Status.ACK || code == SunTechReply.Status.COMPLETE
                        || code == SunTechReply.Status.BUSY || code == SunTechReply.Status.ABORTED) {
                    out.reply(new SunTechReply.Status(code));
                } else {
                    out.invalidFrame(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, length,
                            "unknown status 0x%02X".formatted((int) code)));
                }
            }
            case PRESSURE_LENGTH -> {
                int pressure = (short) (unsigned(in, start + 2) | unsigned(in, start + 3) << 8);
                if (pressure < MIN_CUFF_PRESSURE || pressure > MAX_CUFF_PRESSURE) {
                    out.invalidFrame(new InvalidFrame(InvalidFrame.Cause.OUT_OF_RANGE, length,
                            "cuff pressure " + pressure + " mmHg"));
                } else {
                    out.reply(new SunTechReply.CuffPressure(pressure));
                }
            }
            default -> parseResult(in, start, length, out);
        }
    }

    // Result: systolic u16, diastolic u16, bit-test u8, BP status u8, 8 test-code bytes, heart rate u16,
    // MAP u16, error code u8, 2 spare bytes; all little-endian after "3E 18".
    private static void parseResult(ByteBuffer in, int start, int length, Listener out) {
        int systolic = u16(in, start + 2);
        int diastolic = u16(in, start + 4);
        int heartRate = u16(in, start + 16);
        int mean = u16(in, start + 18);
        int errorCode = unsigned(in, start + 20);
        if (errorCode == 0) {
            String fault = implausibility(systolic, diastolic, mean, heartRate);
            if (fault != null) {
                out.invalidFrame(new InvalidFrame(InvalidFrame.Cause.OUT_OF_RANGE, length, fault));
                return;
            }
        }
        out.reply(new SunTechReply.Result(systolic, diastolic, mean, heartRate, errorCode));
    }

    private static String implausibility(int systolic, int diastolic, int mean, int heartRate) {
        if (systolic <= 0 || !VitalSign.BP_SYS.isPlausible(systolic)) return "systolic " + systolic + " mmHg";
        if (diastolic <= 0 || !VitalSign.BP_DIA.isPlausible(diastolic)) return "diastolic " + diastolic + " mmHg";
        if (mean <= 0 || !VitalSign.BP_MEAN.isPlausible(mean)) return "mean " + mean + " mmHg";
        if (!VitalSign.PULSE_RATE.isPlausible(heartRate)) return "heart rate " + heartRate + "/min";
        if (diastolic >= systolic || mean < diastolic || mean > systolic) {
            return "pressures out of order: %d/%d (%d)".formatted(systolic, diastolic, mean);
        }
        return null;
    }

    private static void skip(ByteBuffer in, InvalidFrame.Cause cause, String detail, Listener out) {
        int from = in.position();
        int next = from + 1;
        while (next < in.limit() && unsigned(in, next) != START) next++;
        in.position(next);
        out.invalidFrame(new InvalidFrame(cause, next - from, detail));
    }

    private static int unsigned(ByteBuffer in, int index) {
        return in.get(index) & 0xFF;
    }

    private static int u16(ByteBuffer in, int index) {
        return unsigned(in, index) | unsigned(in, index + 1) << 8;
    }
}
