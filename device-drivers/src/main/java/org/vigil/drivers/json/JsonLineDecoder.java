package org.vigil.drivers.json;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.FrameDecoder;
import org.vigil.drivers.InvalidFrame;

/**
 * JSON messages over a byte stream (serial or TCP): one message per line, ended by LF (CR LF allowed),
 * blank lines ignored. A line longer than {@link JsonReadingFormat#MAX_MESSAGE_BYTES} is discarded up
 * to its end.
 */
public final class JsonLineDecoder implements FrameDecoder {

    private final JsonReadingFormat format = new JsonReadingFormat();
    /** Bytes of an over-long line discarded so far; -1 when not discarding. */
    private int discarding = -1;

    @Override
    public void decode(ByteBuffer in, Instant now, DecoderSink sink) {
        while (in.hasRemaining()) {
            int start = in.position();
            int end = start;
            while (end < in.limit() && in.get(end) != '\n') end++;
            boolean complete = end < in.limit();
            if (discarding >= 0) {
                discarding += end - start;
                in.position(complete ? end + 1 : end);
                if (!complete) return;
                sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.TOO_LONG, discarding,
                        "line longer than %d bytes".formatted(JsonReadingFormat.MAX_MESSAGE_BYTES)));
                discarding = -1;
                continue;
            }
            if (!complete) {
                if (end - start > JsonReadingFormat.MAX_MESSAGE_BYTES) {
                    discarding = end - start;
                    in.position(end);
                }
                return;
            }
            in.position(end + 1);
            int length = end - start;
            if (length > 0 && in.get(end - 1) == '\r') length--;
            if (isBlank(in, start, length)) continue;
            byte[] line = new byte[length];
            in.get(start, line);
            format.decode(line, 0, length, now, sink);
        }
    }

    private static boolean isBlank(ByteBuffer in, int start, int length) {
        for (int i = start; i < start + length; i++) {
            byte b = in.get(i);
            if (b != ' ' && b != '\t') return false;
        }
        return true;
    }
}
