package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.alerting.Ward.givenABedWith;
import static org.vigil.model.VitalSign.SPO2;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.profile.LimitRule;

/** A bed's limits change at run time, and every change comes back for the audit log. */
class RuleChangeTest {

    @Test
    void changed_limit_takes_effect_and_is_returned_for_audit() {
        Ward ward = givenABedWith(Rules.spo2Low());

        RuleChange change = ward.bed.changeLimit("spo2-low", 90, "dr.lee", ward.now);
        ward.holds(SPO2, 91, 30);

        assertThat(ward.changes).isEmpty();
        assertThat(change.user()).isEqualTo("dr.lee");
        assertThat(change.bedId()).isEqualTo(Ward.BED);
        assertThat(((LimitRule) change.before()).thresholds().get(0).limit()).isEqualTo(92);
        assertThat(((LimitRule) change.after()).thresholds().get(0).limit()).isEqualTo(90);
        assertThat(((LimitRule) ward.bed.rule("spo2-low")).thresholds().get(0).limit()).isEqualTo(90);
    }

    @Test
    void an_open_alarm_ends_once_a_reading_is_inside_the_new_limit() {
        Ward ward = givenABedWith(Rules.spo2Low());
        ward.holds(SPO2, 91, 16);

        ward.bed.changeLimit("spo2-low", 89, "dr.lee", ward.now);
        ward.holds(SPO2, 91, 1);

        assertThat(ward.alarm("spo2-low")).isEmpty();
    }

    @Test
    void other_settings_can_be_replaced_whole() {
        Ward ward = givenABedWith(Rules.spo2Low());

        ward.bed.changeRule(Rules.spo2Low().withDelay(Duration.ofSeconds(30)), "dr.lee", ward.now);
        ward.holds(SPO2, 90, 20);

        assertThat(ward.changes).isEmpty();
    }

    @Test
    void priority_cannot_be_lowered_at_the_bedside() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        LimitRule lowered = new LimitRule("spo2-critical", "SpO2 critical", Rules.spo2Critical().thresholds(), 1,
                Duration.ofSeconds(5), 0, false, false, Priority.MEDIUM, true);

        assertThatThrownBy(() -> ward.bed.changeRule(lowered, "dr.lee", ward.now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority cannot be lowered");
    }

    @Test
    void an_unknown_rule_cannot_be_changed() {
        Ward ward = givenABedWith(Rules.spo2Low());

        assertThatThrownBy(() -> ward.bed.changeLimit("etco2-high", 50, "dr.lee", ward.now))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
