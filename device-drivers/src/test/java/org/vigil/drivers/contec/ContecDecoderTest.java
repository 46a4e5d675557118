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
    private static final byte[] SPO2_98 = hex("8840054962");
    /** NORMAL with one bit of the SpO2 byte flipped by line noise: a plausible 18 %, marked valid. */
    private static final byte[] SPO2_18 = hex("8840054812");

    private final ContecDecoder decoder = new ContecDecoder();
    private final RecordingSink sink = new RecordingSink();

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/contec/packets.csv", delimiter = '|')
    void reports_spo2_and_pulse_of_a_packet(String description, String packet, double spo2, double pulse, String quality) {
        whenDecoded(asTheDeviceSends(hex(packet)));

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
        assertThat(sink.readings).as("the first good packet after a bad one is not yet believed").isEmpty();

        whenDecoded(NORMAL);

        assertThat(sink.invalidFrames).hasSize(1);
        assertThat(sink.readings).extracting(RecordingSink.Value::value).containsExactly(97.0, 72.0);
    }

    @Test
    void a_single_corrupted_packet_between_good_ones_is_never_reported() {
        whenDecoded(concat(repeat(NORMAL, 10), concat(SPO2_18, repeat(NORMAL, 200))));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(4)
                .allSatisfy(r -> assertThat(r.value()).isEqualTo(97.0));
        assertThat(sink.readingsOf(VitalSign.PULSE_RATE)).allSatisfy(r -> assertThat(r.value()).isEqualTo(72.0));
    }

    @Test
    void a_single_packet_with_a_corrupted_status_is_never_reported() {
        whenDecoded(concat(repeat(NORMAL, 10), concat(hex("8840254861"), repeat(NORMAL, 10))));

        assertThat(sink.readings).hasSize(2).allSatisfy(r -> assertThat(r.quality()).hasToString("valid"));
    }

    @Test
    void a_real_change_is_reported_on_its_second_packet() {
        whenDecoded(concat(repeat(NORMAL, 10), SPO2_98));

        assertThat(sink.readingsOf(VitalSign.SPO2)).extracting(RecordingSink.Value::value).containsExactly(97.0);

        whenDecoded(SPO2_98);

        assertThat(sink.readingsOf(VitalSign.SPO2)).extracting(RecordingSink.Value::value).containsExactly(97.0, 98.0);
    }

    @Test
    void a_change_of_quality_alone_is_reported_on_its_second_packet() {
        byte[] searching = hex("8840254861");
        whenDecoded(concat(repeat(NORMAL, 10), searching));

        assertThat(sink.readings).hasSize(2);

        whenDecoded(searching);

        assertThat(sink.last(VitalSign.SPO2).quality()).hasToString("searching");
    }

    @Test
    void a_packet_after_dropped_bytes_does_not_confirm_the_one_before() {
        whenDecoded(concat(repeat(NORMAL, 10), concat(SPO2_98, concat(hex("12"), SPO2_98))));

        assertThat(sink.invalidFrames).hasSize(1);
        assertThat(sink.readingsOf(VitalSign.SPO2)).extracting(RecordingSink.Value::value).containsExactly(97.0);

        whenDecoded(SPO2_98);

        assertThat(sink.readingsOf(VitalSign.SPO2)).extracting(RecordingSink.Value::value).containsExactly(97.0, 98.0);
    }

    @Test
    void unchanged_values_are_reported_once_every_60_packets() {
        whenDecoded(repeat(NORMAL, 2));
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(1);

        whenDecoded(repeat(NORMAL, ReadingThrottle.PACKETS_PER_REPORT - 1));
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(1);

        whenDecoded(NORMAL);
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(2);

        whenDecoded(repeat(NORMAL, 2 * ReadingThrottle.PACKETS_PER_REPORT));
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(4);
    }

    @Test
    void values_that_never_repeat_are_never_reported() {
        whenDecoded(repeat(concat(NORMAL, SPO2_98), 300));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readings).isEmpty();
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
    void never_throws_and_never_reports_a_packet_with_any_bit_flipped() {
        assertBitFlipsAreSafe(ContecDecoder::new, NORMAL);
    }

    @Test
    void survives_millions_of_random_and_corrupted_bytes_reporting_only_the_device_values() {
        fuzz(decoder, concat(repeat(NORMAL, 30), repeat(hex("9000607F7F"), 30)), sink);

        assertThat(sink.readings).isNotEmpty();
        assertThat(sink.allReadingsPlausible()).isTrue();
        assertThat(usableValues(sink)).containsOnly("SPO2 97.0", "PULSE_RATE 72.0");
    }

    /** The device's first packet arrives whole; the repeat that confirms it is split at every byte. */
    static void assertSplitAnywhere(java.util.function.Supplier<FrameDecoder> decoders, byte[] packet) {
        for (int split = 1; split < packet.length; split++) {
            FrameDecoder fresh = decoders.get();
            RecordingSink splitSink = new RecordingSink();
            fresh.decode(ByteBuffer.wrap(packet), NOW, splitSink);
            ByteBuffer buffer = ByteBuffer.allocate(packet.length);
            buffer.put(packet, 0, split).flip();

            fresh.decode(buffer, NOW, splitSink);
            assertThat(splitSink.readings).isEmpty();
            assertThat(buffer.position()).isZero();

            buffer.compact().put(packet, split, packet.length - split).flip();
            fresh.decode(buffer, NOW, splitSink);
            assertThat(splitSink.readings).as("split after byte %d", split).hasSize(2);
            assertThat(splitSink.invalidFrames).isEmpty();
        }
    }

    /**
     * Every single-bit corruption of a packet, sent once between good packets, leaves only the good
     * packet's readings; sent repeatedly, it is rejected or decodes to plausible values.
     */
    static void assertBitFlipsAreSafe(java.util.function.Supplier<FrameDecoder> decoders, byte[] packet) {
        RecordingSink goodSink = new RecordingSink();
        decoders.get().decode(ByteBuffer.wrap(asTheDeviceSends(packet)), NOW, goodSink);
        assertThat(goodSink.readings).hasSize(2);
        for (int bit = 0; bit < packet.length * 8; bit++) {
            byte[] flipped = packet.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));

            FrameDecoder once = decoders.get();
            RecordingSink onceSink = new RecordingSink();
            byte[] stream = concat(repeat(packet, 10), concat(flipped, repeat(packet, 2 * ReadingThrottle.PACKETS_PER_REPORT)));
            assertThatCode(() -> once.decode(ByteBuffer.wrap(stream), NOW, onceSink)).doesNotThrowAnyException();
            assertThat(onceSink.readings).as("bit %d flipped once", bit).isNotEmpty()
                    .allSatisfy(r -> assertThat(goodSink.readings).contains(r));

            FrameDecoder repeated = decoders.get();
            RecordingSink repeatedSink = new RecordingSink();
            assertThatCode(() -> repeated.decode(ByteBuffer.wrap(asTheDeviceSends(flipped)), NOW, repeatedSink))
                    .doesNotThrowAnyException();
            assertThat(repeatedSink.allReadingsPlausible()).as("bit %d flipped in every packet", bit).isTrue();
            assertThat(!repeatedSink.invalidFrames.isEmpty() || repeatedSink.readings.size() == 2)
                    .as("bit %d flipped in every packet", bit).isTrue();
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

    /** "SPO2 97.0" and so on, for each usable reading. */
    static java.util.List<String> usableValues(RecordingSink sink) {
        return sink.readings.stream().filter(r -> r.quality().isUsable()).map(r -> r.vital() + " " + r.value()).toList();
    }

    /**
     * A packet as the device sends it while its values hold: repeated, about 60 times a second.
     * Twice in a row is the least that is reported (once).
     */
    static byte[] asTheDeviceSends(byte[] packet) {
        return repeat(packet, 2);
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
