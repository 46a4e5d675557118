package org.vigil.drivers.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IsoTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-02T10:00:00Z", "2026-03-02T10:00:00.5Z", "2026-03-02T10:00:00.123456789Z",
            "2026-03-02T10:00:00.120+01:00", "2024-02-29T23:59:59-05:30", "2026-12-31t23:59:59z", "0001-01-01T00:00:00Z",
            "2026-03-02T10:00:00-00:00", "2026-03-02T10:00:00+18:00", "2026-03-02T10:00Z", "2026-03-02T10:00:00+01:00:30",
            "+12026-03-02T10:00:00Z", "2026-03-02T10:00:00.Z"})
    void reads_what_the_jdk_reads_to_the_same_instant(String text) {
        assertThat(IsoTime.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T10:00:00Z", "2026-13-02T10:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T10:60:00Z",
            "2026-03-02T10:00:60Z", "2026-03-02T10:00:00", "2026-03-02T10:00:00.1234567891Z",
            "2026-03-02T10:00:00+19:00", "2026-03-02T10:00:00+01:60", "2026-03-02 10:00:00Z", "2026-03-02T10:00:00Zx",
            "２０２６-03-02T10:00:00Z", "yesterday"})
    void refuses_what_the_jdk_refuses(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoTime.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void agrees_with_the_jdk_on_random_times_and_offsets_in_the_usual_shape() {
        Random random = new Random(12);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
            int offsetMinutes = (random.nextInt(37) - 18) * 60 + (random.nextBoolean() ? 0 : 30);
            OffsetDateTime time = instant.atOffset(java.time.ZoneOffset.ofTotalSeconds(Math.max(-64_800, Math.min(64_800, offsetMinutes * 60))));
            texts.add(time.toString());
        }
        for (String text : texts) {
            Instant expected = OffsetDateTime.parse(text).toInstant();
            assertThat(IsoTime.parse(text)).as(text).isEqualTo(expected);
        }
    }
}
