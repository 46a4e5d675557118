package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.alerting.Ward.givenABedWith;
import static org.vigil.model.VitalSign.PULSE_RATE;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.PhaseOverride;
import org.vigil.alerting.profile.SessionSettings;

/**
 * A profile changes a rule's delay or limit for one phase of the session; the change takes effect
 * on the phase boundary, ends on the next, and each is reported for the audit log like a limit change.
 */
class PhaseOverrideTest {

    /** Onset: heart rate high after 120 s instead of 30 s; peak: limit 140 instead of 131. */
    private static final SessionSettings SESSION = SessionSettings.DEFAULT.withOverrides(List.of(
            new PhaseOverride(SessionPhase.ONSET, "hr-high", null, Duration.ofSeconds(120)),
            new PhaseOverride(SessionPhase.PEAK, "hr-high", 140.0, null)));

    private static Ward givenABedWhoseProfileOverridesHeartRateHighByPhase() {
        return givenABedWith(AlarmProfile.of("test", List.of(Rules.hrHigh())).withSession(SESSION));
    }

    @Test
    void before_the_dose_the_rule_is_the_profiles_own() {
        Ward ward = givenABedWhoseProfileOverridesHeartRateHighByPhase();

        ward.holds(PULSE_RATE, 135, 31);

        assertThat(ward.alarm("hr-high")).isPresent();
        assertThat(ward.ruleChanges).isEmpty();
        assertThat(ward.bed.phase()).isEqualTo(SessionPhase.PRE_DOSE);
    }

    @Test
    void at_the_dose_the_onset_delay_takes_effect_and_is_reported_at_the_boundary() {
        Ward ward = givenABedWhoseProfileOverridesHeartRateHighByPhase();
        var dose = ward.now;

        ward.bed.setDoseTime(dose, ward.now);
        ward.holds(PULSE_RATE, 135, 60);

        assertThat(ward.alarm("hr-high")).as("30 s would have raised it; the onset delay is 120 s").isEmpty();
        ward.holds(PULSE_RATE, 135, 61);
        assertThat(ward.alarm("hr-high")).isPresent();
        assertThat(ward.ruleChanges).hasSize(1);
        RuleChange change = ward.ruleChanges.get(0);
        assertThat(change.at()).isEqualTo(dose);
        assertThat(change.user()).isEqualTo("profile: onset phase");
        assertThat(((LimitRule) change.before()).delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(((LimitRule) change.after()).delay()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void at_the_peak_boundary_the_onset_override_ends_and_the_peak_one_begins() {
        Ward ward = givenABedWhoseProfileOverridesHeartRateHighByPhase();
        var dose = ward.now;
        ward.bed.setDoseTime(dose, ward.now);

        ward.after(SESSION.peakFrom());

        assertThat(ward.bed.phase()).isEqualTo(SessionPhase.PEAK);
        LimitRule inForce = (LimitRule) ward.bed.rule("hr-high");
        assertThat(inForce.delay()).as("the onset delay is gone").isEqualTo(Duration.ofSeconds(30));
        assertThat(inForce.thresholds().get(0).limit()).isEqualTo(140);
        assertThat(ward.ruleChanges).extracting(RuleChange::at)
                .containsExactly(dose, dose.plus(SESSION.peakFrom()), dose.plus(SESSION.peakFrom()));
        // 135 is under the peak limit of 140
        ward.holds(PULSE_RATE, 135, 40);
        assertThat(ward.alarm("hr-high")).isEmpty();
    }

    @Test
    void in_recovery_the_rule_is_the_profiles_own_again() {
        Ward ward = givenABedWhoseProfileOverridesHeartRateHighByPhase();
        ward.bed.setDoseTime(ward.now, ward.now);

        ward.after(SESSION.recoveryFrom());

        assertThat(ward.bed.phase()).isEqualTo(SessionPhase.RECOVERY);
        assertThat(ward.bed.rule("hr-high")).isEqualTo(Rules.hrHigh());
        ward.holds(PULSE_RATE, 135, 31);
        assertThat(ward.alarm("hr-high")).isPresent();
    }

    @Test
    void a_dose_time_recorded_late_goes_straight_to_the_phase_it_falls_in() {
        Ward ward = givenABedWhoseProfileOverridesHeartRateHighByPhase();

        ward.bed.setDoseTime(ward.now.minus(Duration.ofMinutes(45)), ward.now);

        assertThat(ward.bed.phase()).isEqualTo(SessionPhase.PEAK);
        assertThat(ward.ruleChanges).hasSize(1);
        assertThat(((LimitRule) ward.bed.rule("hr-high")).thresholds().get(0).limit()).isEqualTo(140);
    }

    @Test
    void ending_the_session_puts_the_rule_back() {
        Ward ward = givenABedWhoseProfileOverridesHeartRateHighByPhase();
        ward.bed.setDoseTime(ward.now, ward.now);
        ward.after(5);

        ward.bed.setDoseTime(null, ward.now);

        assertThat(ward.bed.phase()).isEqualTo(SessionPhase.PRE_DOSE);
        assertThat(ward.bed.rule("hr-high")).isEqualTo(Rules.hrHigh());
    }

    @Test
    void a_manual_change_during_a_phase_keeps_what_the_override_does_not_touch() {
        Ward ward = givenABedWhoseProfileOverridesHeartRateHighByPhase();
        ward.bed.setDoseTime(ward.now, ward.now);
        ward.bed.changeRule(((LimitRule) ward.bed.rule("hr-high")).withHysteresis(5), "dr.lee", ward.now);

        ward.after(SESSION.peakFrom());

        LimitRule inForce = (LimitRule) ward.bed.rule("hr-high");
        assertThat(inForce.hysteresis()).isEqualTo(5);
        assertThat(inForce.delay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void an_override_of_an_unknown_rule_or_a_limit_on_a_two_threshold_rule_is_refused() {
        assertThatThrownBy(() -> AlarmProfile.of("test", List.of(Rules.hrHigh())).withSession(SessionSettings.DEFAULT
                .withOverrides(List.of(new PhaseOverride(SessionPhase.ONSET, "hr-low", 35.0, null)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hr-low: no such rule");
        assertThatThrownBy(() -> AlarmProfile.of("test", List.of(Rules.hypertension())).withSession(SessionSettings.DEFAULT
                .withOverrides(List.of(new PhaseOverride(SessionPhase.ONSET, "hypertension", 200.0, null)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single-threshold");
    }
}
