package org.vigil.drivers.contec;

import org.vigil.drivers.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.vigil.drivers.FrameDecoder;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.VitalSign;

class ContecDecoderTest {

    static final Instant NOW = Instant.parse("2026-11-29T19:27:46Z");
    private static final byte[] NORMAL = hex("8840054861");

    private final ContecDecoder decoder = new ContecDecoder();
    private final RecordingSink sink = new RecordingSink();

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/contec/packets.csv", delimiter = '|')
    void reports_spo2_and_pulse_of_a_packet(String description, String packet, double spo2, double pulse, String quality) {
        whenDecoded(hex(packet));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.last(VitalSign.SPO2).value()).isEqualTo(Double.valueOf(spo2));
        assertThat(sink.last(VitalSign.PULSE_RATE).value()).isEqualTo(Double.valueOf(pulse));
        assertThat(sink.readings).hasSize(2).allSatisfy(r -> assertThat(r.quality()).hasToString(quality));
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/contec/invalid.csv", delimiter = '|')
    void reports_the_exact_cause_of_a_bad_packet_and_resynchronises_on_the_next(
            String description, String bytes, InvalidFrame.Cause cause, int discarded) {
        whenDecoded(hex(bytes));

        assertThat(sink.invalidFrames).singleElement().satisfies(frame -> {
            assertThat(frame.cause()).isEqualTo(cause);
            assertThat(frame.discardedBytes()).isEqualTo(discarded);
        });
        assertThat(sink.readings).extracting(RecordingSink.Value::value).containsExactly(97.0, 72.0);
    }

    @Test
    void reports_an_unchanged_pair_once_every_60_packets() {
        whenDecoded(repeat(NORMAL, 180));

        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(3);
    }

    @Test
    void reports_a_changed_value_at_once() {
        whenDecoded(concat(repeat(NORMAL, 10), hex("8840054962")));

        assertThat(sink.readingsOf(VitalSign.SPO2)).extracting(RecordingSink.Value::value).containsExactly(97.0, 98.0);
    }

    @Test
    void raises_sensor_off_once_while_the_finger_is_out_and_clears_it_once() {
        whenDecoded(concat(repeat(hex("9000607F7F"), 100), repeat(NORMAL, 100)));

        assertThat(sink.conditions).containsExactly(
                new RecordingSink.Condition(Kind.SENSOR_OFF, true, "finger out"),
                new RecordingSink.Condition(Kind.SENSOR_OFF, false, "cleared"));
    }

    @Test
    void raises_device_fault_on_a_probe_error() {
        whenDecoded(concat(hex("8800507F7F"), NORMAL));

        assertThat(sink.conditionsOf(Kind.DEVICE_FAULT)).extracting(RecordingSink.Condition::active).containsExactly(true, false);
    }

    @Test
    void waits_for_the_rest_of_a_packet_split_anywhere() {
        assertSplitAnywhere(ContecDecoder::new, NORMAL);
    }

    @Test
    void never_throws_and_reports_an_invalid_packet_or_plausible_values_when_any_bit_is_flipped() {
        assertBitFlipsAreSafe(ContecDecoder::new, NORMAL);
    }

    @Test
    void survives_millions_of_random_and_corrupted_bytes_with_only_plausible_readings() {
        fuzz(decoder, concat(NORMAL, hex("9000607F7F")), sink);

        assertThat(sink.readings).isNotEmpty();
        assertThat(sink.allReadingsPlausible()).isTrue();
    }

    static void assertSplitAnywhere(java.util.function.Supplier<FrameDecoder> decoders, byte[] packet) {
        for (int split = 1; split < packet.length; split++) {
            FrameDecoder fresh = decoders.get();
            RecordingSink splitSink = new RecordingSink();
            ByteBuffer buffer = ByteBuffer.allocate(packet.length);
            buffer.put(packet, 0, split).flip();

            fresh.decode(buffer, NOW, splitSink);
            assertThat(splitSink.readings).isEmpty();
            assertThat(buffer.position()).isZero();

            buffer.compact().put(packet, split, packet.length - split).flip();
            fresh.decode(buffer, NOW, splitSink);
            assertThat(splitSink.readings).hasSize(2);
            assertThat(splitSink.invalidFrames).isEmpty();
        }
    }

    static void assertBitFlipsAreSafe(java.util.function.Supplier<FrameDecoder> decoders, byte[] packet) {
        for (int bit = 0; bit < packet.length * 8; bit++) {
            byte[] flipped = packet.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            FrameDecoder fresh = decoders.get();
            RecordingSink flippedSink = new RecordingSink();

            assertThatCode(() -> fresh.decode(ByteBuffer.wrap(flipped), NOW, flippedSink)).doesNotThrowAnyException();

            assertThat(flippedSink.allReadingsPlausible()).isTrue();
            assertThat(!flippedSink.invalidFrames.isEmpty() || flippedSink.readings.size() == 2).as("bit %d", bit).isTrue();
        }
    }

    static void fuzz(FrameDecoder decoder, byte[] valid, RecordingSink sink) {
        Random random = new Random(23);
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        for (int round = 0; round < 2_000 && System.nanoTime() < deadline; round++) {
            byte[] chunk = new byte[1000 + random.nextInt(3000)];
            if (round % 2 == 0) {
                random.nextBytes(chunk);
            } else {
                for (int i = 0; i < chunk.length; i++) chunk[i] = valid[i % valid.length];
                for (int i = 0; i < 4; i++) chunk[random.nextInt(chunk.length)] ^= (byte) (1 << random.nextInt(8));
            }
            buffer.put(chunk, 0, Math.min(chunk.length, buffer.remaining())).flip();
            assertThatCode(() -> decoder.decode(buffer, NOW, sink)).doesNotThrowAnyException();
            buffer.compact();
        }
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static byte[] repeat(byte[] packet, int times) {
        byte[] out = new byte[packet.length * times];
        for (int i = 0; i < times; i++) System.arraycopy(packet, 0, out, i * packet.length, packet.length);
        return out;
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] out = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    private void whenDecoded(byte[] bytes) {
        decoder.decode(ByteBuffer.wrap(bytes), NOW, sink);
    }
}
