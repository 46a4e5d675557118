package org.vigil.drivers.decoding;

import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;

/** A run of bytes dropped while resynchronising, reported as one invalid frame with its first cause. */
public final class DiscardedBytes {

    private int count;
    private InvalidFrame.Cause cause;
    private String detail;

    public void add(int bytes, InvalidFrame.Cause why, String text) {
        if (count == 0) {
            cause = why;
            detail = text;
        }
        count += bytes;
    }

    public void flush(DecoderSink sink) {
        if (count > 0) {
            sink.invalidFrame(new InvalidFrame(cause, count, detail));
            count = 0;
        }
    }
}
