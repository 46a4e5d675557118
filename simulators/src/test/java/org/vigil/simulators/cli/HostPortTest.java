package org.vigil.simulators.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class HostPortTest {

    @ParameterizedTest
    @CsvSource({"0.0.0.0:4001, 0.0.0.0, 4001", "localhost:0, localhost, 0", "'[::1]:4001', ::1, 4001"})
    void givenHostAndPort_thenBothAreRead(String text, String host, int port) {
        assertThat(HostPort.parse(text)).isEqualTo(new HostPort(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4001", ":4001", "host:", "host:port", "host:70000"})
    void givenAnythingElse_thenItIsRejected(String text) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "90s, PT1M30S", "10m, PT10M", "2h, PT2H", "PT1H30M, PT1H30M"})
    void givenAShortOrIsoDuration_thenItIsRead(String text, String iso) {
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "10 minutes", "-5s", "PT-1S"})
    void givenSomethingThatIsNotADuration_thenItIsRejected(String text) {
        assertThatThrownBy(() -> new DurationConverter().convert(text)).isInstanceOf(TypeConversionException.class);
    }
}
