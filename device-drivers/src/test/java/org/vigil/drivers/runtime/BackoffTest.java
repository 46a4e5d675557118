package org.vigil.drivers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleFromHalfASecondUpToTenSeconds() {
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(failures -> Backoff.DEFAULT.delayAfter(failures).toMillis()))
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 10000L, 10000L);
    }

    @Test
    void staysAtTheMaximumHoweverLongTheOutage() {
        assertThat(Backoff.DEFAULT.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
