package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersAreWrittenAsEscapesSoNoValueStartsALine() {
        assertThat(LogText.of("a\r\nb\u001b[31m\u0000\u2028c")).isEqualTo("a\\u000d\\u000ab\\u001b[31m\\u0000\\u2028c");
    }

    @Test
    void aLongValueIsCutAndItsLengthSaid() {
        assertThat(LogText.of("x".repeat(100), 10)).isEqualTo("xxxxxxxxxx...(100 characters)");
        assertThat(LogText.of("ordinary name", 64)).isEqualTo("ordinary name");
        assertThat(LogText.of(null)).isEqualTo("null");
    }
}
