package org.vigil.alerting.news2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every band edge of the NEWS2 chart (RCP 2017, SpO2 scale 1). */
class News2Test {

    @ParameterizedTest(name = "{0} {1} scores {2}")
    @CsvSource({
            "RESPIRATION_RATE, 8, 3", "RESPIRATION_RATE, 9, 1", "RESPIRATION_RATE, 11, 1",
            "RESPIRATION_RATE, 12, 0", "RESPIRATION_RATE, 20, 0", "RESPIRATION_RATE, 21, 2",
            "RESPIRATION_RATE, 24, 2", "RESPIRATION_RATE, 25, 3",
            "SPO2, 91, 3", "SPO2, 92, 2", "SPO2, 93, 2", "SPO2, 94, 1", "SPO2, 95, 1", "SPO2, 96, 0",
            "SPO2, 100, 0",
            "SYSTOLIC_BP, 90, 3", "SYSTOLIC_BP, 91, 2", "SYSTOLIC_BP, 100, 2", "SYSTOLIC_BP, 101, 1",
            "SYSTOLIC_BP, 110, 1", "SYSTOLIC_BP, 111, 0", "SYSTOLIC_BP, 219, 0", "SYSTOLIC_BP, 220, 3",
            "PULSE, 40, 3", "PULSE, 41, 1", "PULSE, 50, 1", "PULSE, 51, 0", "PULSE, 90, 0", "PULSE, 91, 1",
            "PULSE, 110, 1", "PULSE, 111, 2", "PULSE, 130, 2", "PULSE, 131, 3",
            "TEMPERATURE, 35.0, 3", "TEMPERATURE, 35.1, 1", "TEMPERATURE, 36.0, 1", "TEMPERATURE, 36.1, 0",
            "TEMPERATURE, 38.0, 0", "TEMPERATURE, 38.1, 1", "TEMPERATURE, 39.0, 1", "TEMPERATURE, 39.1, 2"})
    void measured_parameter_scores_its_band(News2Parameter parameter, double value, int score) {
        assertThat(News2.score(parameter, value)).isEqualTo(score);
    }

    @ParameterizedTest(name = "{0} rounds to {1}")
    @CsvSource({"20.4, 0", "20.5, 2", "35.04, 3", "35.05, 1"})
    void values_are_rounded_as_the_chart_records_them(double value, int score) {
        News2Parameter parameter = value < 30 ? News2Parameter.RESPIRATION_RATE : News2Parameter.TEMPERATURE;
        assertThat(News2.score(parameter, value)).isEqualTo(score);
    }

    @Test
    void supplemental_oxygen_scores_two_and_air_zero() {
        assertThat(News2.airOrOxygen(true)).isEqualTo(2);
        assertThat(News2.airOrOxygen(false)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Consciousness.class, names = "ALERT", mode = EnumSource.Mode.EXCLUDE)
    void anything_but_alert_scores_three(Consciousness level) {
        assertThat(News2.consciousness(level)).isEqualTo(3);
        assertThat(News2.consciousness(Consciousness.ALERT)).isZero();
    }

    @ParameterizedTest(name = "total {0} urgent={1} emergency={2}")
    @CsvSource({"4, false, false", "5, true, false", "6, true, false", "7, true, true"})
    void aggregate_triggers_at_five_and_seven(int total, boolean urgent, boolean emergency) {
        News2Score score = scoreOf(total);
        assertThat(score.urgent()).isEqualTo(urgent);
        assertThat(score.emergency()).isEqualTo(emergency);
    }

    @Test
    void a_single_parameter_scoring_three_is_urgent_on_its_own() {
        News2Score score = new News2Score(Map.of(News2Parameter.RESPIRATION_RATE, 3), EnumSet.noneOf(News2Parameter.class));
        assertThat(score.total()).isEqualTo(3);
        assertThat(score.urgent()).isTrue();
        assertThat(score.emergency()).isFalse();
    }

    @Test
    void a_missing_parameter_makes_the_score_incomplete_not_zero() {
        News2Score score = new News2Score(Map.of(News2Parameter.PULSE, 1), EnumSet.of(News2Parameter.SPO2));
        assertThat(score.complete()).isFalse();
        assertThat(score.scores()).doesNotContainKey(News2Parameter.SPO2);
        assertThat(score.missing()).containsExactly(News2Parameter.SPO2);
    }

    /** A complete score with the given total, made of 1s and 2s. */
    private static News2Score scoreOf(int total) {
        Map<News2Parameter, Integer> scores = new java.util.EnumMap<>(News2Parameter.class);
        int left = total;
        for (News2Parameter parameter : News2Parameter.values()) {
            int part = Math.min(2, left);
            scores.put(parameter, part);
            left -= part;
        }
        return new News2Score(scores, EnumSet.noneOf(News2Parameter.class));
    }
}
