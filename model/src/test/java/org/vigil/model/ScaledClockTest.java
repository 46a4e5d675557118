package org.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScaledClockTest {

    private static final Instant ANCHOR = Instant.parse("2026-12-02T09:00:00Z");

    @Test
    void readsTheBaseClockAtTheAnchorAndRunsScaleTimesFasterAfterIt() {
        ScaledClock clock = new ScaledClock(Clock.fixed(ANCHOR.plusSeconds(90), ZoneOffset.UTC), ANCHOR, 60);

        assertThat(clock.instant()).isEqualTo(ANCHOR.plus(Duration.ofMinutes(90)));
        assertThat(clock.toScaled(ANCHOR)).isEqualTo(ANCHOR);
        assertThat(clock.toScaled(ANCHOR.plusMillis(500))).isEqualTo(ANCHOR.plusSeconds(30));
    }

    @Test
    void aScaledDurationTakesScaleTimesLessOnTheBaseClock() {
        ScaledClock clock = new ScaledClock(Clock.systemUTC(), ANCHOR, 40);

        assertThat(clock.toBase(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void refusesAScaleThatIsNotAPositiveNumber() {
        for (double scale : new double[] {0, -2, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new ScaledClock(Clock.systemUTC(), ANCHOR, scale))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        }
    }
}
