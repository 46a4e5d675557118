package org.vigil.drivers.contec;

import org.vigil.drivers.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.drivers.contec.ContecDecoderTest.NOW;
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

    private final Contec46Decoder decoder = new Contec46Decoder();
    private final RecordingSink sink = new RecordingSink();

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/contec/contec46-replies.csv", delimiter = '|')
    void reports_spo2_and_pulse_of_a_live_reply(String description, String reply, double spo2, double pulse, String quality) {
        whenDecoded(hex(reply));

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
        assertThat(sink.readings).extracting(RecordingSink.Value::value).containsExactly(97.0, 72.0);
    }

    @Test
    void reports_an_unchanged_pair_once_every_60_replies() {
        whenDecoded(repeat(VALID, 120));

        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(2);
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
    void never_throws_and_reports_an_invalid_reply_or_plausible_values_when_any_bit_is_flipped() {
        ContecDecoderTest.assertBitFlipsAreSafe(Contec46Decoder::new, VALID);
    }

    @Test
    void survives_millions_of_random_and_corrupted_bytes_with_only_plausible_readings() {
        ContecDecoderTest.fuzz(decoder, concat(VALID, FINGER_OUT), sink);

        assertThat(sink.readings).isNotEmpty();
        assertThat(sink.allReadingsPlausible()).isTrue();
    }

    private void whenDecoded(byte[] bytes) {
        decoder.decode(ByteBuffer.wrap(bytes), NOW, sink);
    }
}
