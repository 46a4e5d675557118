package org.vigil.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

class HeldSamplesTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final Instant TIME = Instant.parse("2026-03-02T09:00:00Z");

    private static final long GATHER = Duration.ofMillis(250).toNanos();

    private final HeldSamples held = new HeldSamples(Duration.ofNanos(GATHER), Duration.ofSeconds(5), 4);

    @Test
    void a_recorder_that_has_caught_up_writes_what_it_holds_once_the_first_has_waited_the_gathering_period() {
        held.add("bed-1", spo2(97), 0);
        held.add("bed-2", spo2(96), GATHER / 2);

        assertThat(held.due(true, GATHER - 1)).isFalse();
        assertThat(held.nanosUntilGathered(GATHER / 2)).isEqualTo(GATHER / 2);
        assertThat(held.due(true, GATHER)).isTrue();
        assertThat(held.nanosUntilGathered(GATHER + 1)).isZero();
    }

    @Test
    void nothing_held_is_never_due() {
        assertThat(held.due(true, 10 * SECOND)).isFalse();
        assertThat(held.nanosUntilGathered(10 * SECOND)).isZero();
    }

    @Test
    void a_gathering_period_longer_than_the_hold_is_refused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HeldSamples(Duration.ofSeconds(6), Duration.ofSeconds(5), 4))
                .withMessageContaining("gather");
    }

    @Test
    void a_recorder_that_is_behind_holds_samples_until_the_first_has_waited_the_hold() {
        held.add("bed-1", spo2(97), 0);
        held.add("bed-1", spo2(96), 4 * SECOND);

        assertThat(held.due(false, 4 * SECOND)).isFalse();
        assertThat(held.due(false, 5 * SECOND)).isTrue();
    }

    @Test
    void what_is_taken_is_every_held_reading_by_bed_in_order_and_the_hold_starts_again() {
        held.add("bed-1", spo2(97), 0);
        held.add("bed-2", spo2(95), SECOND);
        held.add("bed-1", spo2(96), 2 * SECOND);

        Map<String, List<Reading>> taken = held.take();

        assertThat(taken.keySet()).containsExactly("bed-1", "bed-2");
        assertThat(taken.get("bed-1")).extracting(Reading::value).containsExactly(97.0, 96.0);
        assertThat(held.count()).isZero();
        assertThat(held.due(true, 9 * SECOND)).isFalse();
        held.add("bed-1", spo2(94), 9 * SECOND);
        assertThat(held.due(false, 13 * SECOND)).isFalse();
    }

    @Test
    void samples_of_a_failed_write_go_back_ahead_of_those_held_since_and_wait_for_the_hold_even_once_caught_up() {
        held.add("bed-1", spo2(97), 0);
        Map<String, List<Reading>> failed = held.take();
        held.add("bed-1", spo2(96), SECOND);

        assertThat(held.giveBack(failed, 2 * SECOND)).isZero();

        assertThat(held.count()).isEqualTo(2);
        assertThat(held.due(true, 6 * SECOND)).isFalse();
        assertThat(held.nanosUntilGathered(6 * SECOND)).isEqualTo(SECOND);
        assertThat(held.due(true, 7 * SECOND)).isTrue();
        assertThat(held.take().get("bed-1")).extracting(Reading::value).containsExactly(97.0, 96.0);
        held.add("bed-1", spo2(95), 8 * SECOND);
        assertThat(held.due(true, 8 * SECOND + GATHER)).as("a write that succeeded ends the retry").isTrue();
    }

    @Test
    void a_failed_write_that_would_take_the_held_samples_past_the_limit_is_given_up_whole() {
        held.add("bed-1", spo2(97), 0);
        held.add("bed-2", spo2(95), 0);
        held.add("bed-1", spo2(96), 0);
        Map<String, List<Reading>> failed = held.take();
        held.add("bed-1", spo2(94), SECOND);
        held.add("bed-1", spo2(93), SECOND);

        assertThat(held.giveBack(failed, 2 * SECOND)).isEqualTo(3);

        assertThat(held.take().get("bed-1")).extracting(Reading::value).containsExactly(94.0, 93.0);
    }

    private static Reading spo2(double value) {
        return new Reading("ox-1", VitalSign.SPO2, value, "%", TIME, TIME, Quality.VALID);
    }
}
