package org.vigil.drivers.suntech;

/** Host-to-module frames (docs/wire-formats.md §3): 0x3A, command bytes, checksum making the sum 0 mod 256. */
public enum SunTechCommand {
    START_ADULT(0x3A, 0x20, 0xA6),
    START_PEDIATRIC(0x3A, 0x87, 0x3F),
    START_NEONATE(0x3A, 0x28, 0x9E),
    ABORT(0x3A, 0x79, 0x01, 0x00, 0x4C),
    GET_CUFF_PRESSURE(0x3A, 0x79, 0x05, 0x00, 0x48),
    GET_BP_DATA(0x3A, 0x79, 0x03, 0x00, 0x4A),
    GET_RETURN_CODE(0x3A, 0x79, 0x02, 0x03, 0x48),
    MODULE_DATA(0x3A, 0x00, 0xC6);

    private final byte[] bytes;

    SunTechCommand(int... values) {
        bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) bytes[i] = (byte) values[i];
    }

    /** A fresh copy of the frame. */
    public byte[] bytes() {
        return bytes.clone();
    }
}
