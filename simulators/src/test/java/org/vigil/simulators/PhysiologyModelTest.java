package org.vigil.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.simulators.scenario.Scenario;
import org.vigil.simulators.scenario.Scenarios;

class PhysiologyModelTest {

    static List<Scenario> scenarios() {
        return Scenarios.names().stream().map(Scenarios::byName).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void givenAnyScenario_whenRunForSixHours_thenEveryValueStaysPhysiologicallyPlausible(Scenario scenario) {
        PhysiologyModel model = new PhysiologyModel(scenario.timeline(), 7);

        for (PatientState state : everySecond(model, Duration.ofHours(6))) {
            assertThat(state.spo2()).isBetween(70.0, 100.0);
            assertThat(state.pulseRate()).isBetween(30.0, 200.0);
            assertThat(state.systolic()).isBetween(70.0, 240.0);
            assertThat(state.diastolic()).isBetween(40.0, state.systolic() - 20);
            assertThat(state.mean()).isStrictlyBetween(state.diastolic(), state.systolic());
            assertThat(state.respRate()).isBetween(6.0, 35.0);
            assertThat(state.perfusionIndex()).isBetween(0.2, 15.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void givenAScenarioWithoutArtifact_whenRunForTwoHours_thenValuesMoveSmoothlyFromSecondToSecond(Scenario scenario) {
        PhysiologyModel model = new PhysiologyModel(scenario.timeline(), 11);
        PatientState previous = model.state();

        for (PatientState state : everySecond(model, Duration.ofHours(2))) {
            if (!state.artifact() && !previous.artifact()) {
                assertThat(Math.abs(state.spo2() - previous.spo2())).isLessThan(2.5);
                assertThat(Math.abs(state.pulseRate() - previous.pulseRate())).isLessThan(7.0);
                assertThat(Math.abs(state.systolic() - previous.systolic())).isLessThan(6.0);
                assertThat(Math.abs(state.diastolic() - previous.diastolic())).isLessThan(5.0);
            }
            previous = state;
        }
    }

    @Test
    void givenTheSameSeed_whenAdvancedInDifferentSteps_thenThePatientIsTheSame() {
        PhysiologyModel everyFrame = new PhysiologyModel(Scenarios.desaturation().timeline(), 3);
        PhysiologyModel oncePerMinute = new PhysiologyModel(Scenarios.desaturation().timeline(), 3);

        for (long ms = 0; ms <= 120_000; ms += 13) {
            everyFrame.advanceTo(Duration.ofMillis(ms));
        }
        everyFrame.advanceTo(Duration.ofMillis(120_000));
        oncePerMinute.advanceTo(Duration.ofMinutes(1));
        oncePerMinute.advanceTo(Duration.ofMillis(120_000));

        assertThat(everyFrame.state()).isEqualTo(oncePerMinute.state());
    }

    @Test
    void givenDifferentSeeds_whenAdvanced_thenTheNoiseDiffers() {
        PhysiologyModel one = new PhysiologyModel(Scenarios.normal().timeline(), 1);
        PhysiologyModel two = new PhysiologyModel(Scenarios.normal().timeline(), 2);

        assertThat(one.advanceTo(Duration.ofSeconds(60))).isNotEqualTo(two.advanceTo(Duration.ofSeconds(60)));
    }

    @Test
    void givenANewModel_thenItStartsFromTheRestingBaseline() {
        PatientState start = new PhysiologyModel(Scenarios.bradycardia().timeline(), 5).state();

        assertThat(start.spo2()).isEqualTo(PatientState.resting().spo2());
        assertThat(start.pulseRate()).isEqualTo(PatientState.resting().pulseRate());
        assertThat(start.systolic()).isEqualTo(PatientState.resting().systolic());
    }

    @Test
    void givenARestartedTimeline_thenThePatientContinuesFromWhereItWas() {
        PhysiologyModel model = new PhysiologyModel(Scenarios.bradycardia().timeline(), 5);
        PatientState slow = model.advanceTo(Duration.ofMinutes(5));

        model.restart(Scenarios.normal().timeline());
        PatientState justAfter = model.advanceTo(Duration.ofSeconds(1));
        PatientState later = model.advanceTo(Duration.ofMinutes(5));

        assertThat(justAfter.pulseRate()).isCloseTo(slow.pulseRate(), org.assertj.core.data.Offset.offset(5.0));
        assertThat(later.pulseRate()).isBetween(65.0, 80.0);
    }

    @Test
    void givenAnEarlierTime_whenAdvanced_thenTheStateDoesNotChange() {
        PhysiologyModel model = new PhysiologyModel(Scenarios.normal().timeline(), 5);
        PatientState at60 = model.advanceTo(Duration.ofSeconds(60));

        assertThat(model.advanceTo(Duration.ofSeconds(30))).isEqualTo(at60);
    }

    static List<PatientState> everySecond(PhysiologyModel model, Duration length) {
        List<PatientState> states = new ArrayList<>();
        for (long s = 1; s <= length.toSeconds(); s++) {
            states.add(model.advanceTo(Duration.ofSeconds(s)));
        }
        return states;
    }
}
