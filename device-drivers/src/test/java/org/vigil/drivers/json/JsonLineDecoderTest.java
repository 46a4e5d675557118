package org.vigil.drivers.json;

import org.vigil.drivers.LineRecordingSink;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.InvalidFrame;

class JsonLineDecoderTest {

    private static final String SPO2 = "{\"vital\":\"SPO2\",\"value\":97,\"unit\":\"%\"}";
    private static final String PULSE = "{\"vital\":\"PULSE_RATE\",\"value\":72,\"unit\":\"/min\"}";

    private final JsonLineDecoder decoder = new JsonLineDecoder();
    private final LineRecordingSink sink = new LineRecordingSink();
    private final ByteBuffer in = ByteBuffer.allocate(256 * 1024);

    private void stream(String text) {
        in.put(text.getBytes(StandardCharsets.UTF_8)).flip();
        decoder.decode(in, JsonReadingFormatTest.NOW, sink);
        in.compact();
    }

    @Test
    void eachLineIsOneMessageAndCrLfAndBlankLinesAreAccepted() {
        stream(SPO2 + "\r\n\n  \n" + PULSE + "\n");

        assertThat(sink.line()).isEqualTo("SPO2 97.0 valid; PULSE_RATE 72.0 valid");
        assertThat(in.position()).isZero();
    }

    @Test
    void aLineSplitAcrossReadsWaitsForItsEnd() {
        stream(SPO2.substring(0, 10));
        assertThat(sink.readings).isEmpty();

        stream(SPO2.substring(10) + "\n");

        assertThat(sink.line()).isEqualTo("SPO2 97.0 valid");
    }

    @Test
    void anOverlongLineIsDiscardedToItsEndAndTheNextLineDecodes() {
        String junk = "x".repeat(JsonReadingFormat.MAX_MESSAGE_BYTES + 10);

        stream(junk.substring(0, 40_000));
        stream(junk.substring(40_000));
        stream("yy\n" + SPO2 + "\n");

        assertThat(sink.invalidFrames).containsExactly(new InvalidFrame(InvalidFrame.Cause.TOO_LONG, junk.length() + 2,
                "line longer than 65536 bytes"));
        assertThat(sink.line()).isEqualTo("SPO2 97.0 valid");
    }

    @Test
    void aBadLineIsReportedAndTheStreamGoesOn() {
        stream("garbage\n" + SPO2 + "\n");

        assertThat(sink.invalidFrames).extracting(InvalidFrame::cause).containsExactly(InvalidFrame.Cause.BAD_LAYOUT);
        assertThat(sink.line()).isEqualTo("SPO2 97.0 valid");
    }
}
