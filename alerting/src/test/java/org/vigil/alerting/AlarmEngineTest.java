package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerting.Ward.givenABedWith;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/** The engine routes each device's data to the bed it is assigned to. */
class AlarmEngineTest {

    @Test
    void readings_reach_only_the_bed_their_device_is_assigned_to() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        BedAlarms bed2 = ward.engine.addBed("bed-2", AlarmProfile.of("test", List.of(Rules.spo2Critical())),
                BedSettings.DEFAULT);
        ward.engine.assignDevice("oximeter-2", "bed-2");

        for (int s = 1; s <= 6; s++) {
            ward.engine.onReading(Reading.of("oximeter-2", VitalSign.SPO2, 84, Ward.START.plusSeconds(s)));
        }

        assertThat(bed2.alarms()).singleElement().extracting(Alarm::bedId).isEqualTo("bed-2");
        assertThat(ward.bed.alarms()).isEmpty();
    }

    @Test
    void a_reading_from_an_unassigned_device_is_reported_as_not_routed() {
        Ward ward = givenABedWith(Rules.spo2Critical());

        boolean routed = ward.engine.onReading(Reading.of("stray-1", VitalSign.SPO2, 84, Ward.START));

        assertThat(routed).isFalse();
        assertThat(ward.changes).isEmpty();
    }

    @Test
    void removing_a_bed_ends_and_reports_its_open_alarms() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.holds(VitalSign.SPO2, 84, 6);

        ward.engine.removeBed(Ward.BED, ward.now);

        assertThat(ward.last("spo2-critical").orElseThrow().state()).isEqualTo(AlarmState.ENDED);
        assertThat(ward.engine.onReading(Reading.of(Ward.OXIMETER, VitalSign.SPO2, 84, ward.now))).isFalse();
    }

    @Test
    void acknowledge_finds_the_alarm_on_any_bed() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.holds(VitalSign.SPO2, 84, 6);

        assertThat(ward.engine.acknowledge(ward.openAlarm("spo2-critical").id(), "nurse.ann", ward.now))
                .hasValueSatisfying(alarm -> assertThat(alarm.state()).isEqualTo(AlarmState.ACKNOWLEDGED));
        assertThat(ward.engine.acknowledge("bed-9/none/0", "nurse.ann", ward.now)).isEmpty();
    }
}
