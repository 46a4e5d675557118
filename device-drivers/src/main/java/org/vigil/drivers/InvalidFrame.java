package org.vigil.drivers;

/**
 * Bytes a decoder discarded, and why; a value, never an exception.
 *
 * @param cause          what was wrong
 * @param discardedBytes how many bytes were dropped while resynchronising
 * @param detail         a short description for logs and the decode tool
 */
public record InvalidFrame(Cause cause, int discardedBytes, String detail) {

    public enum Cause {
        BAD_CHECKSUM,
        BAD_LAYOUT,
        TOO_LONG,
        OUT_OF_RANGE,
        UNEXPECTED_BYTES
    }
}
