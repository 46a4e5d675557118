package org.vigil.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.ValueSource;

class SFloatTest {

    @ParameterizedTest(name = "0x{0} is {1}")
    @CsvFileSource(resources = "/ble/sfloat.csv", delimiter = '|', numLinesToSkip = 1)
    void decodesMantissaTimesTenToTheExponent(String raw, double value) {
        assertThat(Double.valueOf(SFloat.value(Integer.parseInt(raw, 16)))).isEqualTo(Double.valueOf(value));
    }

    @ParameterizedTest(name = "0x{0} carries no number")
    @ValueSource(strings = {"07FF", "0800", "07FE", "0802", "0801"})
    void everySpecialValueIsTestedOnTheRawBitsAndCarriesNoNumber(String raw) {
        int bits = Integer.parseInt(raw, 16);

        assertThat(SFloat.isSpecial(bits)).isTrue();
        assertThat(SFloat.value(bits)).isNaN();
    }

    @ParameterizedTest(name = "0x{0} is an ordinary value")
    @ValueSource(strings = {"17FF", "F7FF", "1800", "07FD", "0803", "F801"})
    void theSameMantissaWithAnotherExponentIsNotSpecial(String raw) {
        int bits = Integer.parseInt(raw, 16);

        assertThat(SFloat.isSpecial(bits)).isFalse();
        assertThat(SFloat.value(bits)).isFinite();
    }
}
