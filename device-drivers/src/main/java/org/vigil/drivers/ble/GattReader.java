package org.vigil.drivers.ble;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Reads the little-endian fields of a GATT characteristic value; callers check the length first. */
final class GattReader {

    /** A device clock further than this from the gateway's is not trusted. */
    static final Duration PLAUSIBLE_CLOCK_SKEW = Duration.ofHours(24);
    static final int TIMESTAMP_LENGTH = 7;

    private final byte[] value;
    private int position;

    GattReader(byte[] value) {
        this.value = value;
    }

    int u8() {
        return value[position++] & 0xFF;
    }

    int u16() {
        return u8() | u8() << 8;
    }

    int u24() {
        return u16() | u8() << 16;
    }

    double sfloat() {
        return SFloat.value(u16());
    }

    void skip(int bytes) {
        position += bytes;
    }

    /**
     * GATT Date Time (year u16, month, day, hours, minutes, seconds), read as UTC; {@code null} when a
     * field is unknown (0) or impossible, or the instant is more than a day from {@code now}.
     */
    Instant timestamp(Instant now) {
        int year = u16();
        int month = u8();
        int day = u8();
        int hours = u8();
        int minutes = u8();
        int seconds = u8();
        try {
            Instant time = LocalDateTime.of(year, month, day, hours, minutes, seconds).toInstant(ZoneOffset.UTC);
            return Duration.between(time, now).abs().compareTo(PLAUSIBLE_CLOCK_SKEW) <= 0 ? time : null;
        } catch (DateTimeException impossible) {
            return null;
        }
    }
}
