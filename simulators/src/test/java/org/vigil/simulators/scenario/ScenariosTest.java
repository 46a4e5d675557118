package org.vigil.simulators.scenario;

import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.simulators.PatientState;
import org.vigil.simulators.PhysiologyModel;
import org.vigil.simulators.transport.CablePull;
import org.vigil.simulators.transport.NoisyLine;

class ScenariosTest {

    /** Starting alarm limits of an adult ketamine session. */
    private static final double SPO2_LOW = 92;
    private static final double SPO2_CRITICAL = 88;
    private static final double HR_LOW = 40;

    @Test
    void theScenariosAreNamedAsOnTheCommandLine() {
        assertThat(Scenarios.names()).containsExactly("normal", "desaturation", "ketamine-hypertension",
                "bradycardia", "sensor-off", "cable-pull", "garbage", "artifact", "ketamine-session");
    }

    @Test
    void givenAnUnknownName_thenTheErrorListsTheKnownOnes() {
        assertThatThrownBy(() -> Scenarios.byName("apnoea"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apnoea")
                .hasMessageContaining("desaturation");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2024})
    void givenNormal_whenPlayedForTwoHours_thenNoStartingAlarmLimitIsEverCrossed(long seed) {
        List<PatientState> session = play(Scenarios.normal(), seed, Duration.ofHours(2));

        assertThat(session).allSatisfy(state -> {
            assertThat(state.spo2()).isGreaterThanOrEqualTo(94);
            assertThat(state.pulseRate()).isBetween(55.0, 110.0);
            assertThat(state.systolic()).isLessThan(150);
            assertThat(state.diastolic()).isLessThan(95);
            assertThat(state.sensorOff()).isFalse();
            assertThat(state.artifact()).isFalse();
        });
    }

    @Test
    void givenDesaturation_thenSpo2StaysNormalFor30sThenFallsBelowBothLimitsWithin90sAndStays() {
        List<PatientState> session = play(Scenarios.desaturation(), 9, ofMinutes(15));

        assertThat(between(session, ofSeconds(1), ofSeconds(30))).allMatch(s -> s.spo2() >= 94);
        assertThat(between(session, ofSeconds(90), ofMinutes(10)))
                .allMatch(s -> s.spo2() < SPO2_CRITICAL)
                .allMatch(s -> s.spo2() > 82);
        assertThat(between(session, ofMinutes(13), ofMinutes(15))).allMatch(s -> s.spo2() >= 94);
    }

    @Test
    void givenDesaturation_thenTheLowAlarmWindowCoversItsDelay() {
        List<PatientState> session = play(Scenarios.desaturation(), 4, ofMinutes(3));

        int firstLow = indexOfFirst(session, s -> s.spo2() < SPO2_LOW);
        assertThat(firstLow).isBetween(30, 70);
    }

    @Test
    void givenKetamineHypertension_thenBpCrossesTheHypertensionLimitWithin12MinOfTheDoseAndIsBackBy90Min() {
        List<PatientState> session = play(Scenarios.ketamineHypertension(), 5, ofMinutes(100));
        Duration dose = Scenarios.DOSE_AT;

        assertThat(between(session, ofSeconds(1), dose)).allMatch(s -> s.systolic() < 140 && s.diastolic() < 90);
        assertThat(between(session, dose.plus(ofMinutes(12)), ofMinutes(30)))
                .allMatch(s -> s.systolic() > 180 && s.diastolic() > 110)
                .allMatch(s -> s.systolic() < 200 && s.diastolic() < 125);
        assertThat(between(session, ofMinutes(90), ofMinutes(100)))
                .allMatch(s -> s.systolic() < 135 && s.diastolic() < 88);
    }

    @Test
    void givenKetamineSession_thenBaselineIsCalmTheOnsetDesaturatesTheBpRisesAndEverythingIsBackBy90MinAfterTheDose() {
        List<PatientState> session = play(Scenarios.ketamineSession(), 7, ofMinutes(150));
        Duration dose = Scenarios.SESSION_DOSE_AT;

        assertThat(between(session, ofSeconds(1), dose))
                .allMatch(s -> s.systolic() < 140 && s.diastolic() < 90 && s.spo2() >= 94);
        assertThat(between(session, dose.plus(ofMinutes(11)), dose.plus(ofMinutes(13))))
                .allMatch(s -> s.spo2() < SPO2_CRITICAL + 1);
        assertThat(between(session, dose.plus(ofMinutes(17)), dose.plus(ofMinutes(30))))
                .allMatch(s -> s.systolic() > 180 && s.diastolic() > 110 && s.spo2() >= 94);
        assertThat(between(session, dose.plus(ofMinutes(90)), ofMinutes(150)))
                .allMatch(s -> s.systolic() < 135 && s.diastolic() < 88 && s.spo2() >= 94);
    }

    @Test
    void givenBradycardia_thenHeartRateIsAtMost40WithinTwoMinutesAndStaysThere() {
        List<PatientState> session = play(Scenarios.bradycardia(), 6, ofMinutes(30));

        assertThat(between(session, ofSeconds(1), ofSeconds(30))).allMatch(s -> s.pulseRate() > 60);
        assertThat(between(session, ofMinutes(2), ofMinutes(30)))
                .allMatch(s -> s.pulseRate() <= HR_LOW)
                .allMatch(s -> s.pulseRate() >= 31);
    }

    @Test
    void givenSensorOff_thenTheProbeIsOffFrom20s() {
        List<PatientState> session = play(Scenarios.sensorOff(), 1, ofMinutes(5));

        assertThat(between(session, ofSeconds(1), ofSeconds(19))).noneMatch(PatientState::sensorOff);
        assertThat(between(session, ofSeconds(20), ofMinutes(5))).allMatch(PatientState::sensorOff);
    }

    @Test
    void givenArtifact_thenArtifactComesAndGoesInBurstsOfSeconds() {
        List<PatientState> session = play(Scenarios.artifact(), 1, ofMinutes(10));

        long withArtifact = session.stream().filter(PatientState::artifact).count();
        int flips = 0;
        for (int i = 1; i < session.size(); i++) {
            if (session.get(i).artifact() != session.get(i - 1).artifact()) {
                flips++;
            }
        }
        assertThat(withArtifact).isBetween(60L, 300L);
        assertThat(flips).isGreaterThanOrEqualTo(30);
    }

    @Test
    void givenArtifact_thenTheOximeterReadsFalselyLowDuringBursts() {
        List<PatientState> session = play(Scenarios.artifact(), 8, ofMinutes(10));

        double lowestClean = session.stream().filter(s -> !s.artifact()).mapToDouble(PatientState::spo2).min().orElseThrow();
        double lowestDuringArtifact = session.stream().filter(PatientState::artifact).mapToDouble(PatientState::spo2).min().orElseThrow();
        assertThat(lowestDuringArtifact).isLessThan(lowestClean - 2);
    }

    @Test
    void givenCablePullAndGarbage_thenThePatientIsNormalAndTheFaultIsOnTheLine() {
        Scenario cablePull = Scenarios.byName("cable-pull");
        Scenario garbage = Scenarios.byName("garbage");

        assertThat(play(cablePull, 1, ofMinutes(5))).allMatch(s -> s.spo2() >= 94 && !s.sensorOff());
        assertThat(play(garbage, 1, ofMinutes(5))).allMatch(s -> s.spo2() >= 94 && !s.sensorOff());
        assertThat(cablePull.lineFault().wrap(bytes -> { }, null, new java.util.Random(1))).isInstanceOf(CablePull.class);
        assertThat(garbage.lineFault().wrap(bytes -> { }, null, new java.util.Random(1))).isInstanceOf(NoisyLine.class);
    }

    /** The patient at each whole second of scenario time from 1 s to {@code length}. */
    static List<PatientState> play(Scenario scenario, long seed, Duration length) {
        PhysiologyModel model = new PhysiologyModel(scenario.timeline(), seed);
        List<PatientState> states = new ArrayList<>();
        for (long s = 1; s <= length.toSeconds(); s++) {
            states.add(model.advanceTo(ofSeconds(s)));
        }
        return states;
    }

    private static List<PatientState> between(List<PatientState> session, Duration from, Duration to) {
        return session.subList((int) from.toSeconds() - 1, (int) to.toSeconds());
    }

    private static int indexOfFirst(List<PatientState> session, Predicate<PatientState> condition) {
        for (int i = 0; i < session.size(); i++) {
            if (condition.test(session.get(i))) {
                return i + 1;
            }
        }
        return -1;
    }
}
