package org.vigil.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogTextTest {

    static Stream<Arguments> controlCharacters() {
        return Stream.of(
                Arguments.of("line feed", "a\nb", "a\\nb"),
                Arguments.of("carriage return", "a\rb", "a\\rb"),
                Arguments.of("tab", "a\tb", "a\\tb"),
                Arguments.of("ANSI colour", "\u001b[31mred", "\\u001b[31mred"),
                Arguments.of("line separator", "a\u2028b", "a\\u2028b"),
                Arguments.of("backslash", "a\\nb", "a\\\\nb"),
                Arguments.of("NUL and DEL", "\u0000\u007f", "\\u0000\\u007f"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controlCharacters")
    void controlCharactersAreWrittenAsEscapes(String what, String outside, String logged) {
        assertThat(LogText.escape(outside)).isEqualTo(logged);
    }

    @Test
    void plainTextIsKeptAsItIs() {
        String text = "probe off the finger, Zürich 97 %";
        assertThat(LogText.escape(text)).isSameAs(text);
    }

    @Test
    void aLongValueIsCutAndTheRestCounted() {
        String escaped = LogText.escape("x".repeat(60_000));
        assertThat(escaped).startsWith("x".repeat(LogText.MAX_LENGTH)).endsWith("...(" + (60_000 - LogText.MAX_LENGTH) + " more)");
        assertThat(escaped).hasSizeLessThan(LogText.MAX_LENGTH + 20);
    }

    @Test
    void quotingShowsWhereAValueEndsAndNullStaysVisible() {
        assertThat(LogText.quote("a b ")).isEqualTo("'a b '");
        assertThat(LogText.quote(null)).isEqualTo("null");
    }
}
