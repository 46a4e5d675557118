package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerting.Ward.NIBP;
import static org.vigil.alerting.Ward.OXIMETER;
import static org.vigil.alerting.Ward.givenABedWith;
import static org.vigil.model.DeviceEvent.Kind.CUFF_ERROR;
import static org.vigil.model.DeviceEvent.Kind.DISCONNECTED;
import static org.vigil.model.DeviceEvent.Kind.SENSOR_OFF;
import static org.vigil.model.DeviceEvent.Kind.SIGNAL_POOR;
import static org.vigil.model.DeviceEvent.Kind.SILENT;
import static org.vigil.model.DeviceEvent.Kind.STREAMING;
import static org.vigil.model.VitalSign.PULSE_RATE;
import static org.vigil.model.VitalSign.SPO2;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.model.DeviceEvent;

class TechnicalAlarmTest {

    @ParameterizedTest(name = "{0} raises {1} after {2} s")
    @CsvSource({
            "SILENT,       device-silent,       0,  MEDIUM",
            "DISCONNECTED, device-disconnected, 0,  MEDIUM",
            "SENSOR_OFF,   sensor-off,          30, LOW",
            "SIGNAL_POOR,  signal-poor,         30, LOW",
            "CUFF_ERROR,   cuff-error,          0,  LOW",
            "LOW_BATTERY,  low-battery,         0,  LOW",
            "DEVICE_FAULT, device-fault,        0,  MEDIUM",
            "DATA_GARBLED, data-garbled,        0,  LOW"})
    void device_event_raises_its_technical_alarm(DeviceEvent.Kind kind, String ruleId, int delay, Priority priority) {
        Ward ward = givenABedWith(KapAdult.profile());

        ward.deviceReports(OXIMETER, kind, true);
        if (delay > 0) {
            ward.after(delay - 1);
            assertThat(ward.alarm(ruleId)).as("inside its delay").isEmpty();
            ward.after(1);
        }

        Alarm alarm = ward.openAlarm(ruleId);
        assertThat(alarm.category()).isEqualTo(Category.TECHNICAL);
        assertThat(alarm.priority()).isEqualTo(priority);
        assertThat(alarm.message()).contains(OXIMETER);
    }

    @Test
    void signal_poor_shorter_than_30_s_raises_nothing() {
        Ward ward = givenABedWith(KapAdult.profile());

        ward.deviceReports(OXIMETER, SIGNAL_POOR, true).after(29).deviceReports(OXIMETER, SIGNAL_POOR, false).after(60);

        assertThat(ward.changes).isEmpty();
    }

    @Test
    void technical_alarm_ends_when_the_device_reports_the_condition_over() {
        Ward ward = givenABedWith(KapAdult.profile());
        ward.deviceReports(OXIMETER, SENSOR_OFF, true).after(31);

        ward.deviceReports(OXIMETER, SENSOR_OFF, false);

        assertThat(ward.alarm("sensor-off")).isEmpty();
    }

    @Test
    void silent_device_alarm_ends_when_it_streams_again() {
        Ward ward = givenABedWith(KapAdult.profile());
        ward.deviceReports(OXIMETER, SILENT, true);

        ward.after(3).deviceReports(OXIMETER, STREAMING, true);

        assertThat(ward.alarm("device-silent")).isEmpty();
    }

    @Test
    void disconnect_replaces_silence_for_the_same_device() {
        Ward ward = givenABedWith(KapAdult.profile());
        ward.deviceReports(OXIMETER, SILENT, true);

        ward.after(10).deviceReports(OXIMETER, DISCONNECTED, true);

        assertThat(ward.alarm("device-silent")).isEmpty();
        assertThat(ward.alarm("device-disconnected")).isPresent();
    }

    @Test
    void condition_stays_while_any_device_of_the_bed_reports_it() {
        Ward ward = givenABedWith(KapAdult.profile());
        ward.deviceReports(OXIMETER, CUFF_ERROR, true).deviceReports(NIBP, CUFF_ERROR, true);

        ward.deviceReports(OXIMETER, CUFF_ERROR, false);

        assertThat(ward.alarm("cuff-error")).isPresent();
    }

    @Test
    void gateway_raises_and_clears_its_own_technical_alarm_on_a_bed() {
        Ward ward = givenABedWith(KapAdult.profile());

        ward.engine.raiseTechnical(Ward.BED, "export-failing", Priority.LOW, "FHIR export failing", ward.now);
        Alarm alarm = ward.openAlarm("export-failing");
        assertThat(alarm.category()).isEqualTo(Category.TECHNICAL);
        assertThat(alarm.message()).isEqualTo("FHIR export failing");

        ward.engine.clearTechnical(Ward.BED, "export-failing", ward.now);
        assertThat(ward.alarm("export-failing")).isEmpty();
    }

    @Test
    void gateway_wide_alarm_belongs_to_no_bed() {
        Ward ward = givenABedWith(KapAdult.profile());

        ward.engine.raiseTechnical(null, "no-dashboard", Priority.MEDIUM, "No dashboard connected", ward.now);

        assertThat(ward.engine.alarms()).singleElement().satisfies(alarm -> {
            assertThat(alarm.bedId()).isEqualTo(AlarmEngine.GATEWAY);
            assertThat(alarm.ruleId()).isEqualTo("no-dashboard");
        });
        assertThat(ward.engine.acknowledge(ward.engine.alarms().get(0).id(), "nurse.ann", ward.now)).isPresent();
    }

    @Test
    void continuous_data_going_stale_raises_data_stale() {
        Ward ward = givenABedWith(KapAdult.profile());
        ward.holds(SPO2, 97, 5);

        ward.after(30);
        assertThat(ward.alarm("data-stale")).isEmpty();

        ward.after(1);
        Alarm alarm = ward.openAlarm("data-stale");
        assertThat(alarm.message()).isEqualTo("No SpO2 data");
        assertThat(alarm.priority()).isEqualTo(Priority.MEDIUM);

        ward.holds(SPO2, 97, 1).after(1);
        assertThat(ward.alarm("data-stale")).as("ended on the next tick").isEmpty();
    }

    @Test
    void a_vital_never_received_is_never_stale() {
        Ward ward = givenABedWith(KapAdult.profile());

        ward.holds(PULSE_RATE, 70, 600);

        assertThat(ward.alarm("data-stale")).isEmpty();
    }

    @Test
    void blood_pressure_is_stale_after_one_and_a_half_intervals_while_the_schedule_runs() {
        Ward ward = givenABedWith(KapAdult.profile());
        ward.bloodPressure(120, 75);
        ward.bed.setDoseTime(ward.now, ward.now);
        ward.after(Duration.ofMinutes(40)).bloodPressure(130, 80);

        ward.after(Duration.ofMinutes(22).plusSeconds(30));
        assertThat(ward.alarm("data-stale")).isEmpty();

        ward.after(1);
        assertThat(ward.openAlarm("data-stale").message()).isEqualTo("No BP data");
    }

    @Test
    void missing_pre_dose_reading_raises_bp_due_at_the_dose() {
        Ward ward = givenABedWith(KapAdult.profile());

        ward.bed.setDoseTime(ward.now, ward.now);

        Alarm alarm = ward.openAlarm("bp-due");
        assertThat(alarm.category()).isEqualTo(Category.TECHNICAL);
        assertThat(alarm.priority()).isEqualTo(Priority.LOW);
        assertThat(alarm.message()).isEqualTo("BP due: pre-dose reading missing");

        ward.bloodPressure(125, 80);
        ward.after(1);
        assertThat(ward.alarm("bp-due")).isEmpty();
    }

    @Test
    void missing_forty_minute_reading_raises_bp_due_after_its_grace() {
        Ward ward = givenABedWith(KapAdult.profile());
        ward.bloodPressure(125, 80).after(300);
        ward.bed.setDoseTime(ward.now, ward.now);

        ward.after(Duration.ofMinutes(45).minusSeconds(1));
        assertThat(ward.alarm("bp-due")).isEmpty();

        ward.after(1);
        assertThat(ward.openAlarm("bp-due").message()).isEqualTo("BP due: +40 min reading missing");
    }

    @Test
    void every_scheduled_reading_on_time_keeps_bp_due_quiet() {
        Ward ward = givenABedWith(KapAdult.profile());
        ward.bloodPressure(125, 80);
        ward.bed.setDoseTime(ward.now, ward.now);

        ward.after(Duration.ofMinutes(40)).bloodPressure(130, 82);
        for (int i = 0; i < 5; i++) ward.after(Duration.ofMinutes(15)).bloodPressure(128, 80);
        ward.after(Duration.ofMinutes(30));

        assertThat(ward.transitions("bp-due")).isEmpty();
    }
}
