package org.vigil.drivers.ble;

import java.time.Instant;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/** Checks and reports decoded values the same way for every GATT characteristic. */
final class GattReadings {

    private GattReadings() {
    }

    /** Why {@code value} cannot be a {@code vital}, or {@code null} when it is absent (NaN) or plausible. */
    static String implausible(VitalSign vital, double value) {
        if (Double.isNaN(value) || vital.isPlausible(value)) return null;
        return "%s %s %s".formatted(vital, value, vital.ucum());
    }

    /** A number, or NaN flagged so that nobody charts it: the device sent a special value. */
    static void report(DecoderSink sink, VitalSign vital, double value, Quality quality, Instant deviceTime) {
        Quality flagged = Double.isNaN(value) && quality.isUsable() ? quality.with(Quality.Flag.INVALID) : quality;
        sink.reading(vital, value, flagged, deviceTime);
    }

    static boolean tooShort(GattCharacteristic characteristic, byte[] value, int flags, int needed, DecoderSink sink) {
        if (value.length >= needed) return false;
        sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, value.length,
                "%s flags 0x%02X need %d bytes, got %d".formatted(characteristic, flags, needed, value.length)));
        return true;
    }

    static void outOfRange(byte[] value, String fault, DecoderSink sink) {
        sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.OUT_OF_RANGE, value.length, fault));
    }

    static String firstOf(String... faults) {
        for (String fault : faults) {
            if (fault != null) return fault;
        }
        return null;
    }
}
