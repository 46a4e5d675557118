package org.vigil.drivers.nonin;

import org.vigil.drivers.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.groups.Tuple.tuple;
import static org.vigil.drivers.nonin.NoninPackets.concat;
import static org.vigil.drivers.nonin.NoninPackets.format8;
import static org.vigil.drivers.nonin.NoninPackets.hex;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.VitalSign;

class NoninFormat8DecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-29T19:27:46Z");
    private static final byte[] NORMAL = format8(0, 72, 97, 0);

    private final NoninDecoder decoder = NoninDecoder.of(NoninFormat.FORMAT_8);
    private final RecordingSink sink = new RecordingSink();

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/nonin/format8-packets.csv", delimiter = '|')
    void reports_spo2_and_pulse_of_each_packet(String description, String packet, double spo2, double pulse,
                                               String quality) {
        whenDecoded(hex(packet));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.last(VitalSign.SPO2).value()).isEqualTo(Double.valueOf(spo2));
        assertThat(sink.last(VitalSign.PULSE_RATE).value()).isEqualTo(Double.valueOf(pulse));
        assertThat(sink.readings).hasSize(2).allSatisfy(r -> assertThat(r.quality()).hasToString(quality));
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/nonin/format8-invalid.csv", delimiter = '|')
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
    void waits_for_the_rest_of_a_packet_split_anywhere() {
        for (int split = 1; split < NORMAL.length; split++) {
            NoninDecoder fresh = NoninDecoder.of(NoninFormat.FORMAT_8);
            RecordingSink splitSink = new RecordingSink();
            ByteBuffer buffer = ByteBuffer.allocate(NORMAL.length);
            buffer.put(NORMAL, 0, split).flip();

            fresh.decode(buffer, NOW, splitSink);
            assertThat(splitSink.readings).isEmpty();
            assertThat(buffer.position()).isZero();

            buffer.compact().put(NORMAL, split, NORMAL.length - split).flip();
            fresh.decode(buffer, NOW, splitSink);
            assertThat(splitSink.readings).hasSize(2);
        }
    }

    @Test
    void maps_status_bits_to_conditions_raised_and_cleared_once() {
        whenDecoded(concat(format8(0x60, 511, 127, 0), format8(0x60, 511, 127, 0), format8(0, 72, 97, 0x02),
                format8(0, 72, 97, 0x08), NORMAL, NORMAL));

        assertThat(sink.conditions).extracting(RecordingSink.Condition::kind, RecordingSink.Condition::active,
                RecordingSink.Condition::detail).containsExactly(
                tuple(Kind.SENSOR_OFF, true, "sensor disconnected"),
                tuple(Kind.SIGNAL_POOR, true, "out of track"),
                tuple(Kind.SENSOR_OFF, false, "cleared"),
                tuple(Kind.SIGNAL_POOR, false, "cleared"),
                tuple(Kind.LOW_BATTERY, true, "critical battery"),
                tuple(Kind.DEVICE_FAULT, true, "sensor unusable"),
                tuple(Kind.LOW_BATTERY, false, "cleared"),
                tuple(Kind.DEVICE_FAULT, false, "cleared"));
    }

    @Test
    void never_throws_and_reports_an_invalid_packet_or_plausible_values_when_any_bit_is_flipped() {
        for (int bit = 0; bit < NORMAL.length * 8; bit++) {
            byte[] flipped = NORMAL.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            NoninDecoder fresh = NoninDecoder.of(NoninFormat.FORMAT_8);
            RecordingSink flippedSink = new RecordingSink();

            assertThatCode(() -> fresh.decode(ByteBuffer.wrap(concat(flipped, NORMAL)), NOW, flippedSink))
                    .doesNotThrowAnyException();

            assertThat(flippedSink.allReadingsPlausible()).isTrue();
            assertThat(!flippedSink.invalidFrames.isEmpty() || flippedSink.readings.size() == 4).as("bit %d", bit).isTrue();
        }
    }

    @Test
    void survives_millions_of_random_and_corrupted_bytes_with_only_plausible_readings() {
        NoninFrameDecoderTest.fuzz(decoder, concat(NORMAL, format8(0x60, 511, 127, 0x01)), sink);

        assertThat(sink.readings).isNotEmpty();
        assertThat(sink.allReadingsPlausible()).isTrue();
    }

    private void whenDecoded(byte[] bytes) {
        decoder.decode(ByteBuffer.wrap(bytes), NOW, sink);
    }
}
