package org.vigil.drivers.ble;

/**
 * IEEE 11073-20601 SFLOAT (docs/wire-formats.md §5.1): a little-endian u16 whose top 4 bits are a
 * signed exponent and low 12 bits a signed mantissa; value = mantissa x 10^exponent. Five raw values
 * are special and carry no number.
 */
public final class SFloat {

    public static final int NAN = 0x07FF;
    public static final int NRES = 0x0800;
    public static final int POSITIVE_INFINITY = 0x07FE;
    public static final int NEGATIVE_INFINITY = 0x0802;
    public static final int RESERVED = 0x0801;

    private static final double[] POWERS_OF_TEN = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};

    private SFloat() {
    }

    /** Whether the raw 16 bits are one of the special values (tested before sign extension, per 20601). */
    public static boolean isSpecial(int raw) {
        int bits = raw & 0xFFFF;
        return bits == NAN || bits == NRES || bits == POSITIVE_INFINITY || bits == NEGATIVE_INFINITY || bits == RESERVED;
    }

    /** The value, or {@code NaN} for every special value: none of them is a measurement. */
    public static double value(int raw) {
        int bits = raw & 0xFFFF;
        if (isSpecial(bits)) return Double.NaN;
        int mantissa = (bits & 0x0FFF) << 20 >> 20;
        int exponent = (bits >> 12) << 28 >> 28;
        // dividing by 10^-e keeps 36e-1 at 3.6 where multiplying by 0.1 would not
        return exponent < 0 ? mantissa / POWERS_OF_TEN[-exponent] : mantissa * POWERS_OF_TEN[exponent];
    }
}
