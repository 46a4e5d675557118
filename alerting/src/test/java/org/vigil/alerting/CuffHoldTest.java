package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerting.Ward.NIBP;
import static org.vigil.alerting.Ward.givenABedWith;
import static org.vigil.model.DeviceEvent.Kind.CUFF_INFLATING;
import static org.vigil.model.VitalSign.SPO2;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.news2.News2Parameter;
import org.vigil.alerting.profile.AlarmProfile;

/** SpO2 alarms are held while a cuff on the same limb inflates, for a bounded time (shared notes). */
class CuffHoldTest {

    private static Ward givenABedWithTheCuffOnTheOximeterArm() {
        return givenABedWith(AlarmProfile.of("test", List.of(Rules.spo2Low(), Rules.spo2Critical())),
                new BedSettings(true));
    }

    @Test
    void spo2_alarm_is_held_while_the_same_limb_cuff_inflates() {
        Ward ward = givenABedWithTheCuffOnTheOximeterArm();
        ward.holds(SPO2, 97, 5);

        ward.deviceReports(NIBP, CUFF_INFLATING, true).holds(SPO2, 84, 40)
                .deviceReports(NIBP, CUFF_INFLATING, false).holds(SPO2, 97, 5);

        assertThat(ward.changes).isEmpty();
    }

    @Test
    void hold_ends_at_its_bound_even_if_the_cuff_stays_inflated() {
        Ward ward = givenABedWithTheCuffOnTheOximeterArm();
        ward.deviceReports(NIBP, CUFF_INFLATING, true);

        ward.holds(SPO2, 84, 59);
        assertThat(ward.changes).isEmpty();

        ward.holds(SPO2, 84, 6);
        assertThat(ward.openAlarm("spo2-critical").state()).isEqualTo(AlarmState.ACTIVE);
    }

    @Test
    void held_spo2_does_not_feed_news2_either() {
        Ward ward = givenABedWithTheCuffOnTheOximeterArm();
        ward.holds(SPO2, 97, 5);

        ward.deviceReports(NIBP, CUFF_INFLATING, true).holds(SPO2, 84, 40);

        assertThat(ward.bed.news2(ward.now).scores()).containsEntry(News2Parameter.SPO2, 0);
    }

    @Test
    void spo2_is_not_held_when_the_cuff_is_on_another_limb() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.deviceReports(NIBP, CUFF_INFLATING, true);

        ward.holds(SPO2, 84, 6);

        assertThat(ward.alarm("spo2-critical")).isPresent();
    }

    @Test
    void an_alarm_already_sounding_stays_through_the_inflation() {
        Ward ward = givenABedWithTheCuffOnTheOximeterArm();
        ward.holds(SPO2, 84, 6);

        ward.deviceReports(NIBP, CUFF_INFLATING, true).holds(SPO2, 97, 30);

        assertThat(ward.openAlarm("spo2-critical").state()).isEqualTo(AlarmState.ACTIVE);
    }
}
