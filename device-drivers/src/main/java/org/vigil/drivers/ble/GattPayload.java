package org.vigil.drivers.ble;

import java.nio.ByteBuffer;

/**
 * The characteristic value a BLE bridge relayed: the raw bytes, or the same bytes written as a hex
 * string ({@code "0C 62 00 48 00"}, {@code "0c:62:00"}, {@code "0c620048"}), which some bridges publish.
 */
public final class GattPayload {

    private GattPayload() {
    }

    /** Consumes the payload and returns the characteristic value it carries. */
    public static byte[] value(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        byte[] decoded = fromHexText(bytes);
        return decoded != null ? decoded : bytes;
    }

    /** The bytes spelled by hex text, or {@code null} when the payload is not hex text. */
    static byte[] fromHexText(byte[] text) {
        int end = text.length;
        while (end > 0 && isBlank(text[end - 1])) end--;
        int digits = 0;
        for (int i = 0; i < end; i++) {
            byte c = text[i];
            if (Character.digit(c, 16) >= 0) digits++;
            else if (c != ' ' && c != ':') return null;
        }
        if (digits < 2 || digits % 2 != 0) return null;
        byte[] value = new byte[digits / 2];
        int nibble = 0;
        for (int i = 0; i < end; i++) {
            int digit = Character.digit(text[i], 16);
            if (digit < 0) continue;
            if (nibble % 2 == 0) value[nibble / 2] = (byte) (digit << 4);
            else value[nibble / 2] |= (byte) digit;
            nibble++;
        }
        return value;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\r' || c == '\n' || c == '\t';
    }
}
