package org.vigil.drivers.ble;

import org.vigil.drivers.LineRecordingSink;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.vigil.drivers.ProtocolSession;

class BleBloodPressureTest {

    private final LineRecordingSink sink = new LineRecordingSink();
    private final ProtocolSession cuff = BleGattProtocol.bloodPressure().open(bytes -> { }, sink);

    private void relay(String topic, String hex) {
        cuff.message(topic, ByteBuffer.wrap(Hex.bytes(hex)), BlePlxTest.NOW);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvFileSource(resources = "/ble/bp-values.csv", delimiter = '|', numLinesToSkip = 1)
    void decodesBloodPressureMeasurements(String topic, String payload, String readings) {
        relay(topic, payload);

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readingLine()).isEqualTo(readings);
    }

    @ParameterizedTest(name = "status bit {0} is {1}")
    @CsvFileSource(resources = "/ble/bp-status-bits.csv", delimiter = '|', numLinesToSkip = 1)
    void everyMeasurementStatusBitBecomesItsQualityFlagAndCondition(int bit, String quality, String condition) {
        int status = 1 << bit;

        relay("cuff/2a35", "10 7C 00 4E 00 5D 00 %02X %02X".formatted(status & 0xFF, status >> 8));

        assertThat(sink.readings).hasSize(3).allSatisfy(r -> assertThat(r.quality()).hasToString(quality));
        assertThat(sink.conditions).containsExactlyElementsOf(condition == null ? List.of() : List.of(condition));
    }

    @Test
    void intermediateCuffPressureRaisesCuffInflatingWithThePressureAndIsNoReading() {
        relay("cuff/2a36", "00 98 00 FF 07 FF 07");
        relay("cuff/2a36", "00 98 00 FF 07 FF 07");
        relay("cuff/2a36", "00 A0 00 FF 07 FF 07");

        assertThat(sink.readings).isEmpty();
        assertThat(sink.conditions).containsExactly("CUFF_INFLATING raised: cuff 152 mmHg", "CUFF_INFLATING raised: cuff 160 mmHg");
    }

    @Test
    void intermediateCuffPressureInKilopascalIsShownInMillimetresOfMercury() {
        relay("cuff/2a36", "01 CB F0 FF 07 FF 07");

        assertThat(sink.conditions).containsExactly("CUFF_INFLATING raised: cuff 152 mmHg");
    }

    @Test
    void theMeasurementEndsInflation() {
        relay("cuff/2a36", "00 98 00 FF 07 FF 07");

        relay("cuff/2a35", "00 7C 00 4E 00 5D 00");

        assertThat(sink.conditions).containsExactly("CUFF_INFLATING raised: cuff 152 mmHg", "CUFF_INFLATING cleared");
        assertThat(sink.readings).hasSize(3);
    }

    @Test
    void aLooseCuffIsACuffErrorThatTheNextGoodMeasurementClears() {
        relay("cuff/2a35", "10 7C 00 4E 00 5D 00 02 00");

        relay("cuff/2a35", "10 7C 00 4E 00 5D 00 00 00");

        assertThat(sink.conditions).containsExactly("CUFF_ERROR raised: cuff too loose", "CUFF_ERROR cleared");
    }

    @Test
    void aBloodPressureCuffIsSilentBetweenMeasurementsSoQuietIsJudgedOverAnHour() {
        assertThat(BleGattProtocol.bloodPressure().maximumQuietTime()).hasHours(1);
        assertThat(BleGattProtocol.bloodPressure().name()).isEqualTo("ble-bp");
    }
}
