package org.vigil.drivers.ble;

import org.vigil.drivers.LineRecordingSink;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;

class BlePlxTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String SPO2_97_PR_72 = "00 61 00 48 00";

    private final LineRecordingSink sink = new LineRecordingSink();
    private final ProtocolSession plx = BleGattProtocol.plx().open(bytes -> { }, sink);
    private final ProtocolSession bp = BleGattProtocol.bloodPressure().open(bytes -> { }, sink);

    private void relay(ProtocolSession session, String topic, String hex) {
        session.message(topic, ByteBuffer.wrap(Hex.bytes(hex)), NOW);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvFileSource(resources = "/ble/plx-values.csv", delimiter = '|', numLinesToSkip = 1)
    void decodesPlxMeasurements(String topic, String payload, String readings) {
        relay(plx, topic, payload);

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readingLine()).isEqualTo(readings);
    }

    @ParameterizedTest(name = "{0} status bit {1} is {2}")
    @CsvFileSource(resources = "/ble/plx-status-bits.csv", delimiter = '|', numLinesToSkip = 1)
    void everyStatusBitBecomesItsQualityFlagAndCondition(String field, int bit, String quality, String condition) {
        int measurement = field.equals("measurement") ? 1 << bit : 0;
        int device = field.equals("device") ? 1 << bit : 0;
        String payload = "0C 61 00 48 00 %02X %02X %02X %02X %02X".formatted(
                measurement & 0xFF, measurement >> 8, device & 0xFF, device >> 8 & 0xFF, device >> 16);

        relay(plx, "plx", payload);

        assertThat(sink.readings).allSatisfy(r -> assertThat(r.quality()).hasToString(quality));
        assertThat(sink.conditions).containsExactlyElementsOf(condition == null ? java.util.List.of() : java.util.List.of(condition));
    }

    @Test
    void aConditionIsReportedOnceAndClearedWhenTheStatusNoLongerShowsIt() {
        String sensorOff = "0C FF 07 FF 07 00 00 00 08 00";
        String fine = "0C 61 00 48 00 00 00 00 00 00";

        relay(plx, "plx", sensorOff);
        relay(plx, "plx", sensorOff);
        relay(plx, "plx", SPO2_97_PR_72);
        assertThat(sink.conditions).containsExactly("SENSOR_OFF raised: sensor unconnected to user");
        relay(plx, "plx", fine);

        assertThat(sink.conditions).containsExactly("SENSOR_OFF raised: sensor unconnected to user", "SENSOR_OFF cleared");
        assertThat(sink.readings.get(0)).hasToString("SPO2 NaN sensor_off");
    }

    @Test
    void severalCausesOfOneConditionAreNamedTogether() {
        relay(plx, "plx", "08 61 00 48 00 18 00 00");

        assertThat(sink.conditions).containsExactly("SIGNAL_POOR raised: inadequate signal, poor signal");
    }

    @Test
    void aHexStringPayloadDecodesLikeTheBinaryOne() {
        plx.message("bridge/2a5f", ByteBuffer.wrap("1f 61 00 48 00 60 00 4b 00 62 00 46 00 00 00 00 00 00 24 f0\n".getBytes(StandardCharsets.US_ASCII)), NOW);

        assertThat(sink.readingLine()).isEqualTo("SPO2 97.0 valid; PULSE_RATE 72.0 valid; PERFUSION_INDEX 3.6 valid");
    }

    @ParameterizedTest(name = "{0} {1}: {2} {4}")
    @CsvFileSource(resources = "/ble/invalid-values.csv", delimiter = '|', numLinesToSkip = 1)
    void aMalformedValueIsAnInvalidFrameWithItsExactCauseAndNeverAReading(
            String topic, String payload, InvalidFrame.Cause cause, int discarded, String detail) {
        ProtocolSession session = topic.startsWith("cuff") ? bp : plx;

        relay(session, topic, payload == null ? "" : payload);

        assertThat(sink.invalidFrames).containsExactly(new InvalidFrame(cause, discarded, detail));
        assertThat(sink.readings).isEmpty();
        assertThat(sink.conditions).isEmpty();
    }

    @ParameterizedTest(name = "flags bit {0} set on a bare value needs {1} bytes")
    @CsvSource({"0, 9", "1, 9", "2, 7", "3, 8", "4, 7"})
    void flippingAFlagsBitAsksForFieldsThatAreMissing(int bit, int needed) {
        byte[] value = Hex.bytes(SPO2_97_PR_72);
        value[0] ^= (byte) (1 << bit);

        plx.message("plx", ByteBuffer.wrap(value), NOW);

        assertThat(sink.invalidFrames).containsExactly(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, 5,
                "0x2A5F flags 0x%02X need %d bytes, got 5".formatted(1 << bit, needed)));
    }

    @Test
    void reservedFlagsBitsAreIgnored() {
        relay(plx, "plx", "E0 61 00 48 00");

        assertThat(sink.readingLine()).isEqualTo("SPO2 97.0 valid; PULSE_RATE 72.0 valid");
    }

    @Test
    void aByteStreamIsTakenAsOneValueOfTheDefaultCharacteristic() {
        ByteBuffer in = ByteBuffer.wrap(Hex.bytes(SPO2_97_PR_72));

        plx.received(in, NOW);

        assertThat(in.hasRemaining()).isFalse();
        assertThat(sink.readings).hasSize(2);
    }

    @Test
    void anOversizedPayloadIsRefusedBeforeDecoding() {
        plx.message("plx", ByteBuffer.allocate(BleSession.MAX_PAYLOAD_LENGTH + 1), NOW);
        plx.message("plx", ByteBuffer.allocate(GattDecoder.MAX_VALUE_LENGTH + 1), NOW);

        assertThat(sink.invalidFrames).extracting(InvalidFrame::cause)
                .containsExactly(InvalidFrame.Cause.TOO_LONG, InvalidFrame.Cause.TOO_LONG);
    }

    @Test
    void relayedPulseOximetryAllowsTenSecondsOfQuiet() {
        assertThat(BleGattProtocol.plx().maximumQuietTime()).hasSeconds(10);
        assertThat(BleGattProtocol.plx().defaultLineSettings()).isNull();
        assertThat(BleGattProtocol.plx().name()).isEqualTo("ble-plx");
    }

    @Test
    void everySingleBitFlipOfAFullValueIsRejectedOrStaysPlausible() {
        byte[] full = Hex.bytes("1F 61 00 48 00 60 00 4B 00 62 00 46 00 00 00 00 00 00 24 F0");
        for (int bit = 0; bit < full.length * 8; bit++) {
            LineRecordingSink sink = new LineRecordingSink();
            byte[] flipped = full.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));

            BleGattProtocol.plx().open(bytes -> { }, sink).message("plx", ByteBuffer.wrap(flipped), NOW);

            if (sink.invalidFrames.isEmpty()) {
                assertThat(sink.readings).as("bit %d", bit).isNotEmpty().allSatisfy(r -> assertThat(
                        Double.isNaN(r.value()) ? !r.quality().isUsable() : r.vital().isPlausible(r.value())).isTrue());
            } else {
                assertThat(sink.readings).as("bit %d", bit).isEmpty();
                assertThat(sink.invalidFrames).as("bit %d", bit).hasSize(1);
                assertThat(sink.invalidFrames.get(0).cause()).as("bit %d", bit)
                        .isIn(InvalidFrame.Cause.OUT_OF_RANGE, InvalidFrame.Cause.BAD_LAYOUT);
            }
        }
    }
}
