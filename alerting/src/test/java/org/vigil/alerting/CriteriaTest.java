package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerting.Ward.givenABedWith;
import static org.vigil.model.VitalSign.SPO2;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The criteria that turn a crossed limit into an alarm: SatSeconds and BP confirmation. */
class CriteriaTest {

    @Test
    void deep_dip_alarms_after_about_ten_seconds_under_sat_seconds_50() {
        // given limit 90, integral 50: about 10 s at 85 (shared notes, "SatSeconds")
        Ward ward = givenABedWith(Rules.satSeconds(90, 50));
        ward.holds(SPO2, 95, 5);

        ward.holds(SPO2, 85, 9);
        assertThat(ward.alarm("spo2-satseconds")).isEmpty();

        ward.holds(SPO2, 85, 1);
        assertThat(ward.openAlarm("spo2-satseconds").message()).isEqualTo("SpO2 85 < 90");
    }

    @Test
    void very_deep_dip_alarms_faster_than_a_shallow_one() {
        Ward ward = givenABedWith(Rules.satSeconds(90, 50));
        ward.holds(SPO2, 95, 5);

        ward.holds(SPO2, 70, 3);

        assertThat(ward.alarm("spo2-satseconds")).isPresent();
    }

    @Test
    void shallow_brief_dips_never_reach_the_integral() {
        Ward ward = givenABedWith(Rules.satSeconds(90, 50));

        for (int i = 0; i < 20; i++) ward.holds(SPO2, 88, 20).holds(SPO2, 94, 5);

        assertThat(ward.changes).isEmpty();
    }

    @Test
    void integral_starts_again_once_the_value_is_back_above_the_limit() {
        Ward ward = givenABedWith(Rules.satSeconds(90, 50));

        ward.holds(SPO2, 85, 8).holds(SPO2, 91, 1).holds(SPO2, 85, 8);

        assertThat(ward.changes).isEmpty();
    }

    @Test
    void a_single_low_systolic_reading_raises_nothing() {
        Ward ward = givenABedWith(Rules.sbpLow());

        ward.bloodPressure(85, 50);

        assertThat(ward.changes).isEmpty();
    }

    @Test
    void second_consecutive_low_systolic_reading_raises_the_alarm() {
        Ward ward = givenABedWith(Rules.sbpLow());
        ward.bloodPressure(85, 50).after(120);

        ward.bloodPressure(88, 52);

        Alarm alarm = ward.openAlarm("sbp-low");
        assertThat(alarm.message()).isEqualTo("SBP 88 <= 90");
        assertThat(alarm.priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void a_normal_reading_between_two_low_ones_resets_the_confirmation() {
        Ward ward = givenABedWith(Rules.sbpLow());

        ward.bloodPressure(85, 50).after(120).bloodPressure(115, 70).after(120).bloodPressure(86, 50);

        assertThat(ward.changes).isEmpty();
    }

    @Test
    void hypertension_confirms_across_systolic_and_diastolic_measurements() {
        Ward ward = givenABedWith(Rules.hypertension());

        ward.bloodPressure(185, 100).after(300).bloodPressure(170, 115);

        assertThat(ward.openAlarm("hypertension").message()).isEqualTo("DBP 115 > 110");
    }

    @Test
    void readings_of_one_measurement_count_once() {
        Ward ward = givenABedWith(Rules.hypertension());

        ward.bloodPressure(185, 115);

        assertThat(ward.changes).isEmpty();
    }

    @Test
    void pre_dose_gate_is_informational_and_silent_and_ends_at_the_dose() {
        Ward ward = givenABedWith(Rules.preDoseGate());
        Instant dose = Ward.START.plusSeconds(1800);
        ward.bed.setDoseTime(dose, ward.now);

        ward.bloodPressure(150, 85);
        Alarm alarm = ward.openAlarm("pre-dose-bp");
        assertThat(alarm.priority()).isEqualTo(Priority.INFORMATIONAL);
        assertThat(alarm.audible()).isFalse();
        assertThat(alarm.message()).isEqualTo("SBP 150 > 140");

        ward.after(1800);
        assertThat(ward.alarm("pre-dose-bp")).isEmpty();
    }

    @Test
    void pre_dose_gate_ignores_readings_after_the_dose() {
        Ward ward = givenABedWith(Rules.preDoseGate());
        ward.bed.setDoseTime(Ward.START, ward.now);

        ward.after(2400).bloodPressure(165, 95);

        assertThat(ward.changes).isEmpty();
    }
}
