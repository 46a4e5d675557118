package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerting.AlarmChange.Transition.ACKNOWLEDGED;
import static org.vigil.alerting.AlarmChange.Transition.ENDED;
import static org.vigil.alerting.AlarmChange.Transition.LATCHED;
import static org.vigil.alerting.AlarmChange.Transition.RAISED;
import static org.vigil.alerting.AlarmChange.Transition.REACTIVATED;
import static org.vigil.alerting.Ward.givenABedWith;
import static org.vigil.model.VitalSign.PULSE_RATE;
import static org.vigil.model.VitalSign.SPO2;

import org.junit.jupiter.api.Test;
import org.vigil.model.Quality;

class PhysiologicalAlarmTest {

    @Test
    void alarm_waits_for_its_condition_delay() {
        Ward ward = givenABedWith(Rules.spo2Low());

        ward.holds(SPO2, 90, 15);
        assertThat(ward.alarm("spo2-low")).as("inside the 15 s delay: pending, no alarm").isEmpty();

        ward.holds(SPO2, 90, 1);
        Alarm alarm = ward.openAlarm("spo2-low");
        assertThat(alarm.state()).isEqualTo(AlarmState.ACTIVE);
        assertThat(alarm.raisedAt()).isEqualTo(Ward.START.plusSeconds(16));
        assertThat(alarm.message()).isEqualTo("SpO2 90 < 92");
        assertThat(alarm.limit()).isEqualTo(92);
        assertThat(alarm.category()).isEqualTo(Category.PHYSIOLOGICAL);
        assertThat(alarm.audible()).isTrue();
    }

    @Test
    void a_delay_that_ends_between_two_readings_raises_at_the_next_tick_not_at_the_next_reading() {
        Ward ward = givenABedWith(Rules.spo2Low());
        ward.reading(SPO2, 90);
        for (int i = 0; i < 15; i++) ward.afterMillis(999).reading(SPO2, 90);
        assertThat(ward.alarm("spo2-low")).as("14.985 s into a 15 s delay").isEmpty();

        ward.afterMillis(250);

        assertThat(ward.openAlarm("spo2-low").raisedAt()).isEqualTo(Ward.START.plusMillis(15 * 999 + 250));
    }

    @Test
    void a_pending_condition_tells_when_its_delay_ends_so_the_caller_can_tick_then() {
        Ward ward = givenABedWith(Rules.spo2Low());
        assertThat(ward.bed.nextDelayEnd()).isNull();

        ward.reading(SPO2, 90);
        assertThat(ward.bed.nextDelayEnd()).isEqualTo(Ward.START.plusSeconds(15));

        ward.holds(SPO2, 90, 15);
        assertThat(ward.openAlarm("spo2-low")).isNotNull();
        assertThat(ward.bed.nextDelayEnd()).as("raised: nothing pending").isNull();
    }

    @Test
    void a_condition_whose_readings_stopped_is_not_raised_by_the_clock_alone() {
        Ward ward = givenABedWith(Rules.spo2Low());
        ward.holds(SPO2, 90, 5);

        ward.after(30);

        assertThat(ward.alarm("spo2-low")).isEmpty();
    }

    @Test
    void dip_shorter_than_the_delay_raises_nothing() {
        Ward ward = givenABedWith(Rules.spo2Low());

        ward.holds(SPO2, 90, 14).holds(SPO2, 95, 1).holds(SPO2, 90, 14);

        assertThat(ward.changes).isEmpty();
    }

    @Test
    void unusable_readings_neither_raise_nor_clear() {
        Ward ward = givenABedWith(Rules.spo2Low());

        ward.holds(SPO2, 90, 16);
        ward.after(1).unusableReading(SPO2, Quality.Flag.ARTIFACT);

        assertThat(ward.openAlarm("spo2-low").state()).isEqualTo(AlarmState.ACTIVE);
    }

    @Test
    void alarm_at_the_threshold_does_not_chatter() {
        Ward ward = givenABedWith(Rules.spo2Low());
        ward.holds(SPO2, 91, 16);

        for (int i = 0; i < 30; i++) ward.holds(SPO2, 92, 1).holds(SPO2, 91, 1);

        assertThat(ward.transitions("spo2-low")).containsExactly(RAISED);
    }

    @Test
    void non_latching_alarm_ends_only_once_past_the_hysteresis_band() {
        Ward ward = givenABedWith(Rules.spo2Low());
        ward.holds(SPO2, 90, 16);

        ward.holds(SPO2, 92, 5);
        assertThat(ward.openAlarm("spo2-low").state()).as("92 is not past 92 + 1").isEqualTo(AlarmState.ACTIVE);

        ward.holds(SPO2, 93, 1);
        assertThat(ward.alarm("spo2-low")).isEmpty();
        assertThat(ward.transitions("spo2-low")).containsExactly(RAISED, ENDED);
    }

    @Test
    void high_limit_hysteresis_works_downwards() {
        Ward ward = givenABedWith(Rules.hrHigh());
        ward.holds(PULSE_RATE, 135, 31);
        assertThat(ward.openAlarm("hr-high").message()).isEqualTo("HR 135 >= 131");

        ward.holds(PULSE_RATE, 129, 5);
        assertThat(ward.alarm("hr-high")).isPresent();

        ward.holds(PULSE_RATE, 127, 1);
        assertThat(ward.alarm("hr-high")).isEmpty();
    }

    @Test
    void alarm_latches_after_condition_clears() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.holds(SPO2, 85, 6);

        ward.holds(SPO2, 97, 30);

        Alarm alarm = ward.openAlarm("spo2-critical");
        assertThat(alarm.state()).isEqualTo(AlarmState.LATCHED);
        assertThat(alarm.audible()).isTrue();
        assertThat(ward.transitions("spo2-critical")).containsExactly(RAISED, LATCHED);
    }

    @Test
    void acknowledging_a_latched_alarm_resolves_it() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.holds(SPO2, 85, 6).holds(SPO2, 97, 5);

        ward.acknowledge("spo2-critical", "nurse.ann");

        assertThat(ward.alarm("spo2-critical")).isEmpty();
        AlarmChange last = ward.last("spo2-critical").orElseThrow();
        assertThat(last.transition()).isEqualTo(ACKNOWLEDGED);
        assertThat(last.state()).isEqualTo(AlarmState.ENDED);
        assertThat(last.alarm().acknowledgedBy()).isEqualTo("nurse.ann");
        assertThat(last.user()).isEqualTo("nurse.ann");
    }

    @Test
    void latched_alarm_becomes_active_again_when_its_condition_returns() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.holds(SPO2, 85, 6).holds(SPO2, 97, 5);
        String id = ward.openAlarm("spo2-critical").id();

        ward.holds(SPO2, 84, 6);

        assertThat(ward.openAlarm("spo2-critical").id()).isEqualTo(id);
        assertThat(ward.openAlarm("spo2-critical").state()).isEqualTo(AlarmState.ACTIVE);
        assertThat(ward.transitions("spo2-critical")).containsExactly(RAISED, LATCHED, REACTIVATED);
    }

    @Test
    void acknowledged_alarm_stays_visible_but_silent_while_its_condition_persists() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.holds(SPO2, 85, 6);

        ward.acknowledge("spo2-critical", "nurse.ann").holds(SPO2, 85, 30);

        Alarm alarm = ward.openAlarm("spo2-critical");
        assertThat(alarm.state()).isEqualTo(AlarmState.ACKNOWLEDGED);
        assertThat(alarm.audible()).isFalse();
        assertThat(alarm.acknowledgedBy()).isEqualTo("nurse.ann");
    }

    @Test
    void acknowledged_alarm_ends_when_its_condition_ends_even_if_latching() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.holds(SPO2, 85, 6).acknowledge("spo2-critical", "nurse.ann");

        ward.holds(SPO2, 95, 1);

        assertThat(ward.alarm("spo2-critical")).isEmpty();
        assertThat(ward.transitions("spo2-critical")).containsExactly(RAISED, ACKNOWLEDGED, ENDED);
    }

    @Test
    void acknowledged_alarm_re_sounds_after_the_reminder_interval() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.holds(SPO2, 85, 6).acknowledge("spo2-critical", "nurse.ann");

        ward.holds(SPO2, 85, 119);
        assertThat(ward.openAlarm("spo2-critical").state()).isEqualTo(AlarmState.ACKNOWLEDGED);

        ward.holds(SPO2, 85, 1);
        Alarm alarm = ward.openAlarm("spo2-critical");
        assertThat(alarm.state()).isEqualTo(AlarmState.ACTIVE);
        assertThat(alarm.audible()).isTrue();
        assertThat(ward.last("spo2-critical").orElseThrow().transition()).isEqualTo(AlarmChange.Transition.REMINDED);
    }

    @Test
    void a_new_alarm_after_one_ended_gets_a_new_id() {
        Ward ward = givenABedWith(Rules.spo2Low());
        ward.holds(SPO2, 90, 16).holds(SPO2, 96, 1);
        String first = ward.raised().get(0).alarmId();

        ward.holds(SPO2, 90, 16);

        assertThat(ward.raised()).hasSize(2);
        assertThat(ward.raised().get(1).alarmId()).isNotEqualTo(first).startsWith("bed-1/spo2-low/");
    }
}
