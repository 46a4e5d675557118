package org.vigil.drivers.masimo;

import org.vigil.drivers.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.VitalSign;

class MasimoDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-29T19:27:46Z");
    private static final String NORMAL = "11/29/26 19:27:46 SN=0000012345 SPO2=097% BPM=072 PI=03.60% SPCO=--.-% "
            + "SPMET=--.-% DESAT=-- PIDELTA=+-- PVI=027 ALARM=0000 EXC=000800";

    private final MasimoDecoder decoder = new MasimoDecoder(ZoneOffset.UTC);
    private final RecordingSink sink = new RecordingSink();

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/masimo/lines.csv", delimiter = '|')
    void reports_spo2_pulse_and_perfusion_index_of_each_line(String line, double spo2, double pulse, double pi,
                                                               String quality) {
        whenDecoded(line + "\r\n");

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.last(VitalSign.SPO2).value()).isEqualTo(Double.valueOf(spo2));
        assertThat(sink.last(VitalSign.PULSE_RATE).value()).isEqualTo(Double.valueOf(pulse));
        if (line.contains(" PI=")) {
            assertThat(sink.last(VitalSign.PERFUSION_INDEX).value()).isEqualTo(Double.valueOf(pi));
        } else {
            assertThat(sink.readingsOf(VitalSign.PERFUSION_INDEX)).isEmpty();
        }
        assertThat(sink.readings).allSatisfy(r -> assertThat(r.quality()).hasToString(quality));
        assertThat(sink.readings).allSatisfy(r -> assertThat(r.deviceTime()).isEqualTo(NOW));
    }

    @ParameterizedTest(name = "EXC {0} -> {1}, {2}")
    @CsvFileSource(resources = "/masimo/exception-bits.csv", delimiter = '|')
    void maps_each_exception_bit_to_a_quality_flag_and_condition(String exc, String quality, String condition) {
        whenDecoded(NORMAL.replace("EXC=000800", "EXC=" + exc) + "\r\n");

        assertThat(sink.last(VitalSign.SPO2).quality()).hasToString(quality);
        if (condition.equals("-")) {
            assertThat(sink.conditions).isEmpty();
        } else {
            assertThat(sink.conditions).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(Kind.valueOf(condition));
                assertThat(c.active()).isTrue();
            });
        }
    }

    @Test
    void raises_a_condition_once_while_the_bit_stays_set_and_clears_it_once() {
        String sensorOff = NORMAL.replace("EXC=000800", "EXC=000820") + "\r\n";

        whenDecoded(sensorOff + sensorOff + sensorOff + NORMAL + "\r\n" + NORMAL + "\r\n");

        assertThat(sink.conditions).containsExactly(
                new RecordingSink.Condition(Kind.SENSOR_OFF, true, "sensor off"),
                new RecordingSink.Condition(Kind.SENSOR_OFF, false, "cleared"));
    }

    @Test
    void reports_low_battery_from_the_alarm_field_and_ignores_the_device_own_limit_alarms() {
        whenDecoded(NORMAL.replace("ALARM=0000", "ALARM=0013") + "\r\n"
                + NORMAL.replace("ALARM=0000", "ALARM=0053") + "\r\n"
                + NORMAL + "\r\n");

        assertThat(sink.conditions).extracting(RecordingSink.Condition::kind, RecordingSink.Condition::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.LOW_BATTERY, true),
                        org.assertj.core.groups.Tuple.tuple(Kind.LOW_BATTERY, false));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvFileSource(resources = "/masimo/invalid-lines.csv", delimiter = '|')
    void reports_a_malformed_line_with_its_cause_and_decodes_the_next(String line, InvalidFrame.Cause cause) {
        whenDecoded(line + "\r\n" + NORMAL + "\r\n");

        assertThat(sink.invalidFrames).singleElement().satisfies(frame -> {
            assertThat(frame.cause()).isEqualTo(cause);
            assertThat(frame.discardedBytes()).isEqualTo(line.length() + 2);
        });
        assertThat(sink.readings).extracting(RecordingSink.Value::value).containsExactly(97.0, 72.0, 3.6);
    }

    @Test
    void waits_for_the_rest_of_a_line_split_anywhere() {
        byte[] bytes = (NORMAL + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int split = 1; split < bytes.length; split++) {
            RecordingSink split_sink = new RecordingSink();
            ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
            buffer.put(bytes, 0, split).flip();

            decoder.decode(buffer, NOW, split_sink);
            assertThat(split_sink.readings).isEmpty();
            assertThat(buffer.position()).isZero();

            buffer.compact().put(bytes, split, bytes.length - split).flip();
            decoder.decode(buffer, NOW, split_sink);
            assertThat(split_sink.readings).hasSize(3);
            assertThat(split_sink.invalidFrames).isEmpty();
            assertThat(buffer.hasRemaining()).isFalse();
        }
    }

    @Test
    void resynchronises_on_the_next_line_after_a_partial_line_at_connect() {
        whenDecoded(NORMAL.substring(40) + "\r\n" + NORMAL + "\r\n");

        assertThat(sink.invalidFrames).extracting(InvalidFrame::cause).containsExactly(InvalidFrame.Cause.BAD_LAYOUT);
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(1);
    }

    @Test
    void discards_line_noise_before_a_line_and_decodes_the_line_from_its_date() {
        String noise = "\u00017K\u00ff3/";

        whenDecoded(noise + NORMAL + "\r\n");

        assertThat(sink.invalidFrames).singleElement().satisfies(frame -> {
            assertThat(frame.cause()).isEqualTo(InvalidFrame.Cause.BAD_LAYOUT);
            assertThat(frame.discardedBytes()).isEqualTo(noise.length());
        });
        assertThat(sink.readings).extracting(RecordingSink.Value::value).containsExactly(97.0, 72.0, 3.6);
    }

    @Test
    void skips_blank_lines_silently() {
        whenDecoded("\r\n\r\n" + NORMAL + "\r\n");

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readings).hasSize(3);
    }

    @Test
    void discards_a_line_longer_than_the_cap_and_decodes_the_next() {
        whenDecoded("X".repeat(1000) + "\r\n" + NORMAL + "\r\n");

        assertThat(sink.invalidFrames).singleElement().satisfies(frame -> {
            assertThat(frame.cause()).isEqualTo(InvalidFrame.Cause.TOO_LONG);
            assertThat(frame.discardedBytes()).isEqualTo(MasimoDecoder.MAX_LINE + 2);
        });
        assertThat(sink.readings).hasSize(3);
    }

    @Test
    void gives_no_device_time_when_the_device_clock_is_far_off() {
        Instant later = NOW.plus(Duration.ofHours(3));

        decoder.decode(ascii(NORMAL + "\r\n"), later, sink);

        assertThat(sink.readings).allSatisfy(r -> assertThat(r.deviceTime()).isNull());
    }

    @Test
    void gives_no_device_time_for_an_impossible_date_but_keeps_the_values() {
        whenDecoded(NORMAL.replace("11/29/26", "13/45/26") + "\r\n");

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.last(VitalSign.SPO2).value()).isEqualTo(97.0);
        assertThat(sink.last(VitalSign.SPO2).deviceTime()).isNull();
    }

    @Test
    void reports_the_serial_number_once() {
        whenDecoded(NORMAL + "\r\n" + NORMAL + "\r\n");

        assertThat(sink.identities).containsExactly(new DeviceIdentity("Masimo", null, "0000012345"));
    }

    @Test
    void never_throws_and_reports_an_invalid_line_or_plausible_values_when_any_bit_is_flipped() {
        byte[] line = (NORMAL + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int bit = 0; bit < line.length * 8; bit++) {
            byte[] flipped = line.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            MasimoDecoder fresh = new MasimoDecoder(ZoneOffset.UTC);
            RecordingSink flippedSink = new RecordingSink();

            assertThatCode(() -> fresh.decode(ByteBuffer.wrap(flipped), NOW, flippedSink)).doesNotThrowAnyException();

            assertThat(flippedSink.allReadingsPlausible()).isTrue();
            assertThat(flippedSink.invalidFrames.isEmpty() || flippedSink.readings.isEmpty()).isTrue();
        }
    }

    @Test
    void survives_millions_of_random_and_corrupted_bytes_with_only_plausible_readings() {
        Random random = new Random(7);
        byte[] line = (NORMAL + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        for (int round = 0; round < 2_000 && System.nanoTime() < deadline; round++) {
            byte[] chunk = new byte[1000 + random.nextInt(2000)];
            if (round % 2 == 0) {
                random.nextBytes(chunk);
                for (int i = 0; i < chunk.length; i++) if (random.nextInt(60) == 0) chunk[i] = '\n';
            } else {
                for (int i = 0; i < chunk.length; i++) chunk[i] = line[i % line.length];
                for (int i = 0; i < 8; i++) chunk[random.nextInt(chunk.length)] ^= (byte) (1 << random.nextInt(8));
            }
            buffer.put(chunk, 0, Math.min(chunk.length, buffer.remaining())).flip();
            assertThatCode(() -> decoder.decode(buffer, NOW, sink)).doesNotThrowAnyException();
            buffer.compact();
        }
        assertThat(sink.readings).isNotEmpty();
        assertThat(sink.allReadingsPlausible()).isTrue();
    }

    private void whenDecoded(String text) {
        decoder.decode(ascii(text), NOW, sink);
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
