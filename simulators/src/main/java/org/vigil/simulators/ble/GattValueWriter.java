package org.vigil.simulators.ble;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/** Builds a GATT characteristic value: little-endian integers, SFLOATs and Date Time. */
final class GattValueWriter {

    /** IEEE 11073-20601 SFLOAT NaN. */
    static final int SFLOAT_NAN = 0x07FF;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    GattValueWriter u8(int value) {
        bytes.write(value & 0xFF);
        return this;
    }

    GattValueWriter u16(int value) {
        return u8(value).u8(value >> 8);
    }

    GattValueWriter u24(int value) {
        return u16(value).u8(value >> 16);
    }

    /** SFLOAT with a fixed exponent: mantissa = round(value / 10^exponent); NaN for a missing value. */
    GattValueWriter sfloat(double value, int exponent) {
        if (Double.isNaN(value)) return u16(SFLOAT_NAN);
        long mantissa = Math.round(value / Math.pow(10, exponent));
        if (mantissa < -2045 || mantissa > 2045) throw new IllegalArgumentException(value + " does not fit an SFLOAT with exponent " + exponent);
        return u16((exponent & 0xF) << 12 | (int) mantissa & 0x0FFF);
    }

    /** GATT Date Time of {@code time} in UTC: year u16, month, day, hours, minutes, seconds. */
    GattValueWriter dateTime(Instant time) {
        LocalDateTime utc = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        return u16(utc.getYear()).u8(utc.getMonthValue()).u8(utc.getDayOfMonth())
                .u8(utc.getHour()).u8(utc.getMinute()).u8(utc.getSecond());
    }

    byte[] toBytes() {
        return bytes.toByteArray();
    }

    /** The value as a bridge publishing text would: upper-case hex pairs separated by spaces. */
    static byte[] asHexText(byte[] value) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
