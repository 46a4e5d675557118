package org.vigil.drivers.json;

import org.vigil.drivers.LineRecordingSink;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

class JsonReadingFormatTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final LineRecordingSink sink = new LineRecordingSink();
    private final ProtocolSession session = new JsonProtocol().open(bytes -> { }, sink);

    private void publish(String message) {
        session.message("vigil/bed1/json", ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), NOW);
    }

    static Stream<Arguments> cases(String resource) throws IOException {
        try (InputStream in = JsonReadingFormatTest.class.getResourceAsStream(resource)) {
            List<Arguments> cases = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int arrow = line.lastIndexOf(" => ");
                cases.add(Arguments.of(line.substring(0, arrow), line.substring(arrow + 4).strip()));
            }
            return cases.stream();
        }
    }

    static Stream<Arguments> validMessages() throws IOException {
        return cases("/json/valid-messages.txt");
    }

    static Stream<Arguments> invalidMessages() throws IOException {
        return cases("/json/invalid-messages.txt");
    }

    @ParameterizedTest(name = "{0} => {1}")
    @MethodSource("validMessages")
    void aValidMessageBecomesReadingsAndConditions(String message, String reported) {
        publish(message);

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.line()).isEqualTo(reported);
    }

    @ParameterizedTest(name = "{0} => {1}")
    @MethodSource("invalidMessages")
    void anInvalidMessageIsOneInvalidFrameWithAClearDetailAndNothingElse(String message, String expected) {
        String[] parts = expected.split(" \\| ", 2);
        InvalidFrame.Cause cause = InvalidFrame.Cause.valueOf(parts[0]);

        publish(message);

        assertThat(sink.readings).isEmpty();
        assertThat(sink.conditions).isEmpty();
        assertThat(sink.invalidFrames).hasSize(1);
        InvalidFrame frame = sink.invalidFrames.get(0);
        assertThat(frame.cause()).isEqualTo(cause);
        assertThat(frame.discardedBytes()).isEqualTo(message.getBytes(StandardCharsets.UTF_8).length);
        if (parts[1].endsWith("...")) {
            assertThat(frame.detail()).startsWith(parts[1].substring(0, parts[1].length() - 3));
        } else {
            assertThat(frame.detail()).isEqualTo(parts[1]);
        }
    }

    @Test
    void anEmptyMessageIsNotAJsonObject() {
        publish("");

        assertThat(sink.invalidFrames).containsExactly(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, 0, "not a JSON object"));
    }

    @Test
    void oneBadEntryRejectsTheWholeBatch() {
        publish("{\"readings\":[{\"vital\":\"SPO2\",\"value\":97,\"unit\":\"%\"},{\"vital\":\"SPO2\",\"value\":97,\"unit\":\"percent\"}]}");

        assertThat(sink.readings).isEmpty();
        assertThat(sink.invalidFrames).extracting(InvalidFrame::detail)
                .containsExactly("readings[1].unit: 'percent' is not %, the unit of SPO2");
    }

    @Test
    void aBatchOfMoreThanAHundredEntriesIsTooLong() {
        String entry = "{\"vital\":\"SPO2\",\"value\":97,\"unit\":\"%\"}";
        publish("{\"readings\":[" + String.join(",", java.util.Collections.nCopies(101, entry)) + "]}");

        assertThat(sink.invalidFrames).extracting(InvalidFrame::cause).containsExactly(InvalidFrame.Cause.TOO_LONG);
        assertThat(sink.readings).isEmpty();
    }

    @Test
    void aMessageOverSixtyFourKibibytesIsRefusedUnread() {
        publish("{\"vital\":\"SPO2\",\"value\":97,\"unit\":\"%\"}" + " ".repeat(JsonReadingFormat.MAX_MESSAGE_BYTES));

        assertThat(sink.invalidFrames).extracting(InvalidFrame::cause).containsExactly(InvalidFrame.Cause.TOO_LONG);
    }

    @Test
    void deeplyNestedJsonIsRejectedNotAStackOverflow() {
        publish("{\"readings\":" + "[".repeat(5000) + "]".repeat(5000) + "}");

        assertThat(sink.invalidFrames).extracting(InvalidFrame::cause).containsExactly(InvalidFrame.Cause.BAD_LAYOUT);
    }

    @Test
    void aPayloadInsideALargerBufferIsReadFromItsPosition() {
        byte[] bytes = "xx{\"vital\":\"SPO2\",\"value\":97,\"unit\":\"%\"}yy".getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.wrap(bytes, 2, bytes.length - 4).slice();

        session.message("t", payload, NOW);

        assertThat(sink.line()).isEqualTo("SPO2 97.0 valid");
        assertThat(payload.hasRemaining()).isFalse();
    }

    @Test
    void relayedJsonAllowsTenSecondsOfQuiet() {
        assertThat(new JsonProtocol().maximumQuietTime()).hasSeconds(10);
        assertThat(new JsonProtocol().name()).isEqualTo("json");
    }

    @Test
    void randomAndMutatedMessagesNeverThrowNorYieldAnImplausibleReading() throws IOException {
        List<String> implausible = new ArrayList<>();
        long[] counts = new long[2];
        DecoderSink checking = new DecoderSink() {
            @Override
            public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
                counts[0]++;
                if (Double.isNaN(value) ? quality.isUsable() : !vital.isPlausible(value)) implausible.add(vital + " " + value);
            }

            @Override
            public void condition(DeviceEvent.Kind kind, boolean active, String detail) {
            }

            @Override
            public void invalidFrame(InvalidFrame frame) {
                counts[1]++;
            }
        };
        ProtocolSession fuzzed = new JsonProtocol().open(bytes -> { }, checking);
        byte[][] seeds = validMessages().map(a -> ((String) a.get()[0]).getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        byte[] alphabet = "{}[]\":,0123456789.-eE nulltruefalse%/SPO2_".getBytes(StandardCharsets.US_ASCII);
        SplittableRandom random = new SplittableRandom(11073);
        long deadline = System.nanoTime() + 3_000_000_000L;
        int messages = 0;
        while (messages < 1_000_000 && System.nanoTime() < deadline) {
            byte[] message = seeds[random.nextInt(seeds.length)].clone();
            switch (random.nextInt(3)) {
                case 0 -> {
                    for (int n = random.nextInt(1, 4); n > 0; n--) message[random.nextInt(message.length)] = alphabet[random.nextInt(alphabet.length)];
                }
                case 1 -> {
                    for (int n = random.nextInt(1, 4); n > 0; n--) message[random.nextInt(message.length)] ^= (byte) (1 << random.nextInt(8));
                }
                default -> message = java.util.Arrays.copyOf(message, random.nextInt(message.length + 1));
            }
            fuzzed.message("t", ByteBuffer.wrap(message), NOW);
            messages++;
        }

        assertThat(implausible).isEmpty();
        assertThat(counts[0]).isPositive();
        assertThat(counts[1]).isPositive();
        assertThat(messages).isGreaterThan(10_000);
    }
}
