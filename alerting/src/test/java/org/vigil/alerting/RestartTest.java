package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerting.Ward.givenABedWith;
import static org.vigil.model.VitalSign.SPO2;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.profile.AlarmProfile;

/** Latched alarms survive a gateway restart through the gateway's own store. */
class RestartTest {

    private static AlarmProfile profile() {
        return AlarmProfile.of("test", List.of(Rules.spo2Low(), Rules.spo2Critical()));
    }

    @Test
    void latched_alarm_survives_a_restart_until_acknowledged() {
        Ward before = givenABedWith(profile());
        before.holds(SPO2, 85, 6).holds(SPO2, 97, 5);
        List<Alarm> persisted = before.bed.alarms();

        Ward after = givenABedWith(profile());
        List<Alarm> restored = after.bed.restore(persisted, after.now);
        after.holds(SPO2, 97, 10);

        Alarm alarm = after.openAlarm("spo2-critical");
        assertThat(restored).extracting(Alarm::id).containsExactly(persisted.get(0).id());
        assertThat(alarm.id()).isEqualTo(persisted.get(0).id());
        assertThat(alarm.raisedAt()).isEqualTo(persisted.get(0).raisedAt());
        assertThat(alarm.state()).isEqualTo(AlarmState.LATCHED);

        after.acknowledge("spo2-critical", "nurse.ann");
        assertThat(after.alarm("spo2-critical")).isEmpty();
    }

    @Test
    void restored_active_alarm_latches_when_data_shows_its_condition_over() {
        Ward before = givenABedWith(profile());
        before.holds(SPO2, 85, 6);
        List<Alarm> persisted = before.bed.alarms();

        Ward after = givenABedWith(profile());
        after.bed.restore(persisted, after.now);
        after.holds(SPO2, 97, 1);

        assertThat(after.openAlarm("spo2-critical").state()).isEqualTo(AlarmState.LATCHED);
    }

    @Test
    void non_latching_alarms_come_back_from_live_data_not_from_the_store() {
        Ward before = givenABedWith(profile());
        before.holds(SPO2, 90, 16);

        Ward after = givenABedWith(profile());
        List<Alarm> restored = after.bed.restore(before.bed.alarms(), after.now);

        assertThat(restored).isEmpty();
        assertThat(after.bed.alarms()).isEmpty();
    }
}
