package org.vigil.drivers.nonin;

/** The Nonin serial data formats Vigil reads (docs/wire-formats.md §2). */
public enum NoninFormat {
    /** 5-byte frames {@code 01 STATUS PLETH8 FLOAT CHK}, 25 frames a packet, 75 frames a second. */
    FORMAT_2(2),
    /** 5-byte frames {@code STATUS PLETH_MSB PLETH_LSB FLOAT CHK}, 25 frames a packet, 75 frames a second. */
    FORMAT_7(7),
    /** 4-byte packets once a second, no checksum. */
    FORMAT_8(8);

    static final byte ACK = 0x06;
    static final byte NAK = 0x15;

    private final int number;

    NoninFormat(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The host command {@code 02 70 02 02 NN 03} that selects this format. */
    public byte[] selectCommand() {
        return new byte[] {0x02, 0x70, 0x02, 0x02, (byte) number, 0x03};
    }

    @Override
    public String toString() {
        return "#" + number;
    }
}
