package org.vigil.drivers.nonin;

import org.vigil.drivers.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.vigil.drivers.nonin.NoninPackets.concat;
import static org.vigil.drivers.nonin.NoninPackets.format7;
import static org.vigil.drivers.nonin.NoninPackets.hex;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.VitalSign;

class NoninFrameDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-29T19:27:46Z");
    private static final byte[] NORMAL = format7(0x02, 72, 97, 0);

    private final NoninDecoder decoder = NoninDecoder.of(NoninFormat.FORMAT_7);
    private final RecordingSink sink = new RecordingSink();

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/nonin/format7-packets.csv", delimiter = '|')
    void reports_spo2_and_pulse_once_per_format7_packet(String description, String packet, double spo2, double pulse,
                                                        String quality) {
        whenDecoded(hex(packet));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readingsOf(VitalSign.SPO2)).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(Double.valueOf(spo2)));
        assertThat(sink.readingsOf(VitalSign.PULSE_RATE)).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(Double.valueOf(pulse)));
        assertThat(sink.readings).allSatisfy(r -> assertThat(r.quality()).hasToString(quality));
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/nonin/format2-packets.csv", delimiter = '|')
    void reports_spo2_and_pulse_once_per_format2_packet(String description, String packet, double spo2, double pulse,
                                                        String quality) {
        NoninDecoder format2 = NoninDecoder.of(NoninFormat.FORMAT_2);

        format2.decode(ByteBuffer.wrap(hex(packet)), NOW, sink);

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.last(VitalSign.SPO2).value()).isEqualTo(Double.valueOf(spo2));
        assertThat(sink.last(VitalSign.PULSE_RATE).value()).isEqualTo(Double.valueOf(pulse));
        assertThat(sink.readings).hasSize(2).allSatisfy(r -> assertThat(r.quality()).hasToString(quality));
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/nonin/format7-invalid.csv", delimiter = '|')
    void reports_the_exact_cause_of_a_bad_frame_and_resynchronises_on_the_next_packet(
            String description, String bytes, InvalidFrame.Cause cause, int discarded) {
        whenDecoded(hex(bytes));

        assertThat(sink.invalidFrames).containsExactly(new InvalidFrame(cause, discarded, sink.invalidFrames.get(0).detail()));
        assertThat(sink.readingsOf(VitalSign.SPO2)).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(97.0));
    }

    @Test
    void waits_for_the_rest_of_a_packet_split_anywhere() {
        for (int split = 1; split < NORMAL.length; split++) {
            NoninDecoder fresh = NoninDecoder.of(NoninFormat.FORMAT_7);
            RecordingSink splitSink = new RecordingSink();
            ByteBuffer buffer = ByteBuffer.allocate(NORMAL.length);
            buffer.put(NORMAL, 0, split).flip();

            fresh.decode(buffer, NOW, splitSink);
            assertThat(splitSink.readings).isEmpty();
            assertThat(buffer.remaining()).isLessThan(NoninFrameDecoder.FRAME_LENGTH);

            buffer.compact().put(NORMAL, split, NORMAL.length - split).flip();
            fresh.decode(buffer, NOW, splitSink);
            assertThat(splitSink.readings).hasSize(2);
            assertThat(splitSink.invalidFrames).isEmpty();
        }
    }

    @Test
    void ignores_frames_before_the_first_sync_frame_of_a_stream_joined_midway() {
        byte[] stream = concat(NORMAL, NORMAL);
        byte[] joinedMidway = java.util.Arrays.copyOfRange(stream, 10 * 5, stream.length);

        whenDecoded(joinedMidway);

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readings).hasSize(2);
    }

    @Test
    void raises_sensor_off_once_while_the_sensor_stays_disconnected_and_clears_it_once() {
        byte[] off = format7(0x50, 511, 127, 0);

        whenDecoded(concat(off, off, off, NORMAL, NORMAL));

        assertThat(sink.conditionsOf(Kind.SENSOR_OFF)).containsExactly(
                new RecordingSink.Condition(Kind.SENSOR_OFF, true, "sensor disconnected"),
                new RecordingSink.Condition(Kind.SENSOR_OFF, false, "cleared"));
    }

    @Test
    void raises_signal_poor_for_out_of_track_and_for_a_sensor_alarm() {
        whenDecoded(concat(format7(0x10, 511, 127, 0), NORMAL, format7(0x08, 70, 96, 0)));

        assertThat(sink.conditionsOf(Kind.SIGNAL_POOR)).extracting(RecordingSink.Condition::active, RecordingSink.Condition::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, "out of track"),
                        org.assertj.core.groups.Tuple.tuple(false, "cleared"),
                        org.assertj.core.groups.Tuple.tuple(true, "sensor alarm"));
    }

    @Test
    void raises_low_battery_from_stat2_in_frame_8() {
        whenDecoded(concat(format7(0x02, 72, 97, 0x01), format7(0x02, 72, 97, 0x01), NORMAL));

        assertThat(sink.conditionsOf(Kind.LOW_BATTERY)).extracting(RecordingSink.Condition::active).containsExactly(true, false);
    }

    @Test
    void takes_an_ack_before_the_stream_without_reporting_garbage() {
        decoder.expectReply();

        whenDecoded(concat(new byte[] {NoninFormat.ACK}, NORMAL));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.conditions).isEmpty();
        assertThat(sink.readings).hasSize(2);
    }

    @Test
    void reports_a_refused_format_select_as_a_device_fault_until_packets_of_that_format_arrive() {
        decoder.expectReply();

        whenDecoded(new byte[] {NoninFormat.NAK});
        whenDecoded(NORMAL);

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.conditionsOf(Kind.DEVICE_FAULT)).extracting(RecordingSink.Condition::active).containsExactly(true, false);
        assertThat(sink.conditionsOf(Kind.DEVICE_FAULT).get(0).detail()).contains("#7", "NAK");
    }

    @Test
    void counts_an_unexpected_ack_byte_as_garbage() {
        whenDecoded(concat(new byte[] {NoninFormat.ACK}, NORMAL));

        assertThat(sink.invalidFrames).containsExactly(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, 1, "no frame start"));
    }

    @Test
    void never_throws_and_reports_an_invalid_frame_or_plausible_values_when_any_bit_is_flipped() {
        for (int bit = 0; bit < NORMAL.length * 8; bit++) {
            byte[] flipped = NORMAL.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            NoninDecoder fresh = NoninDecoder.of(NoninFormat.FORMAT_7);
            RecordingSink flippedSink = new RecordingSink();

            assertThatCode(() -> fresh.decode(ByteBuffer.wrap(concat(flipped, NORMAL)), NOW, flippedSink))
                    .doesNotThrowAnyException();

            assertThat(flippedSink.allReadingsPlausible()).isTrue();
            boolean reportedOrValid = !flippedSink.invalidFrames.isEmpty() || flippedSink.readings.size() == 4;
            assertThat(reportedOrValid).as("bit %d", bit).isTrue();
        }
    }

    @Test
    void survives_millions_of_random_and_corrupted_bytes_with_only_plausible_readings() {
        fuzz(decoder, NORMAL, sink);

        assertThat(sink.readings).isNotEmpty();
        assertThat(sink.allReadingsPlausible()).isTrue();
    }

    static void fuzz(NoninDecoder decoder, byte[] valid, RecordingSink sink) {
        Random random = new Random(11);
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
            if (round % 50 == 0) decoder.expectReply();
            buffer.put(chunk, 0, Math.min(chunk.length, buffer.remaining())).flip();
            assertThatCode(() -> decoder.decode(buffer, NOW, sink)).doesNotThrowAnyException();
            buffer.compact();
        }
    }

    private void whenDecoded(byte[] bytes) {
        decoder.decode(ByteBuffer.wrap(bytes), NOW, sink);
    }
}
