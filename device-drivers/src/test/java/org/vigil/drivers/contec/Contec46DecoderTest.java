package org.vigil.drivers.contec;

import org.vigil.drivers.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.drivers.contec.ContecDecoderTest.NOW;
import static org.vigil.drivers.contec.ContecDecoderTest.asTheDeviceSends;
import static org.vigil.drivers.contec.ContecDecoderTest.concat;
import static org.vigil.drivers.contec.ContecDecoderTest.hex;
import static org.vigil.drivers.contec.ContecDecoderTest.repeat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.VitalSign;

class Contec46DecoderTest {

    private static final byte[] VALID = hex("01E085C080C8E1FFFF");
    private static final byte[] FINGER_OUT = hex("01E180808080FFFFFF");
    private static final byte[] SPO2_98 = hex("01E085C080C8E2FFFF");
    /** VALID with one bit of the SpO2 byte flipped by line noise: a plausible 18 %, marked valid. */
    private static final byte[] SPO2_18 = hex("01E085C080C892FFFF");

    private final Contec46Decoder decoder = new Contec46Decoder();
    private final RecordingSink sink = new RecordingSink();

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/contec/contec46-replies.csv", delimiter = '|')
    void reports_spo2_and_pulse_of_a_live_reply(String description, String reply, double spo2, double pulse, String quality) {
        whenDecoded(asTheDeviceSends(hex(reply)));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.last(VitalSign.SPO2).value()).isEqualTo(Double.valueOf(spo2));
        assertThat(sink.last(VitalSign.PULSE_RATE).value()).isEqualTo(Double.valueOf(pulse));
        assertThat(sink.readings).hasSize(2).allSatisfy(r -> assertThat(r.quality()).hasToString(quality));
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/contec/contec46-invalid.csv", delimiter = '|')
    void reports_the_exact_cause_of_a_bad_reply_and_resynchronises_on_the_next(
            String description, String bytes, InvalidFrame.Cause cause, int discarded) {
        whenDecoded(hex(bytes));

        assertThat(sink.invalidFrames).singleElement().satisfies(frame -> {
            assertThat(frame.cause()).isEqualTo(cause);
            assertThat(frame.discardedBytes()).isEqualTo(discarded);
        });
        assertThat(sink.readings).as("the first good reply after a bad one is not yet believed").isEmpty();

        whenDecoded(VALID);

        assertThat(sink.invalidFrames).hasSize(1);
        assertThat(sink.readings).extracting(RecordingSink.Value::value).containsExactly(97.0, 72.0);
    }

    @Test
    void a_single_corrupted_reply_between_good_ones_is_never_reported() {
        whenDecoded(concat(repeat(VALID, 10), concat(SPO2_18, repeat(VALID, 200))));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(4)
                .allSatisfy(r -> assertThat(r.value()).isEqualTo(97.0));
        assertThat(sink.readingsOf(VitalSign.PULSE_RATE)).allSatisfy(r -> assertThat(r.value()).isEqualTo(72.0));
    }

    @Test
    void a_real_change_is_reported_on_its_second_reply() {
        whenDecoded(concat(repeat(VALID, 10), SPO2_98));

        assertThat(sink.readingsOf(VitalSign.SPO2)).extracting(RecordingSink.Value::value).containsExactly(97.0);

        whenDecoded(SPO2_98);

        assertThat(sink.readingsOf(VitalSign.SPO2)).extracting(RecordingSink.Value::value).containsExactly(97.0, 98.0);
    }

    @Test
    void a_reply_after_dropped_bytes_does_not_confirm_the_one_before() {
        whenDecoded(concat(repeat(VALID, 10), concat(SPO2_98, concat(hex("00"), SPO2_98))));

        assertThat(sink.invalidFrames).hasSize(1);
        assertThat(sink.readingsOf(VitalSign.SPO2)).extracting(RecordingSink.Value::value).containsExactly(97.0);

        whenDecoded(SPO2_98);

        assertThat(sink.readingsOf(VitalSign.SPO2)).extracting(RecordingSink.Value::value).containsExactly(97.0, 98.0);
    }

    @Test
    void unchanged_values_are_reported_once_every_60_replies() {
        whenDecoded(repeat(VALID, 2));
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(1);

        whenDecoded(repeat(VALID, ReadingThrottle.PACKETS_PER_REPORT - 1));
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(1);

        whenDecoded(VALID);
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(2);
    }

    @Test
    void values_that_never_repeat_are_never_reported() {
        whenDecoded(repeat(concat(VALID, FINGER_OUT), 300));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readings).isEmpty();
    }

    @Test
    void raises_sensor_off_once_while_the_finger_is_out_and_clears_it_once() {
        whenDecoded(concat(repeat(FINGER_OUT, 30), repeat(VALID, 30)));

        assertThat(sink.conditionsOf(Kind.SENSOR_OFF)).extracting(RecordingSink.Condition::active).containsExactly(true, false);
    }

    @Test
    void waits_for_the_rest_of_a_reply_split_anywhere() {
        ContecDecoderTest.assertSplitAnywhere(Contec46Decoder::new, VALID);
    }

    @Test
    void never_throws_and_never_reports_a_reply_with_any_bit_flipped() {
        ContecDecoderTest.assertBitFlipsAreSafe(Contec46Decoder::new, VALID);
    }

    @Test
    void survives_millions_of_random_and_corrupted_bytes_reporting_only_the_device_values() {
        ContecDecoderTest.fuzz(decoder, concat(repeat(VALID, 30), repeat(FINGER_OUT, 30)), sink);

        assertThat(sink.readings).isNotEmpty();
        assertThat(sink.allReadingsPlausible()).isTrue();
        assertThat(ContecDecoderTest.usableValues(sink)).containsOnly("SPO2 97.0", "PULSE_RATE 72.0");
    }

    private void whenDecoded(byte[] bytes) {
        decoder.decode(ByteBuffer.wrap(bytes), NOW, sink);
    }
}
