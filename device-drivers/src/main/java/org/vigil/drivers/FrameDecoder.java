package org.vigil.drivers;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * A pure decoder for one protocol: bytes in, readings and events out. It keeps only the state
 * of the frame or packet being assembled; it does no I/O, reads no clock and starts no thread.
 */
public interface FrameDecoder {

    /**
     * Consumes every whole frame in {@code in} (read mode) and reports what they carry. Bytes of
     * an incomplete frame stay in the buffer ({@code in.position()} stops before them) so that the
     * caller can compact and append; garbage is discarded and reported as an {@link InvalidFrame}.
     *
     * @param now the gateway time, used to judge whether a device clock is plausible
     */
    void decode(ByteBuffer in, Instant now, DecoderSink sink);
}
