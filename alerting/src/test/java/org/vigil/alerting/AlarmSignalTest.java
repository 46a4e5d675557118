package org.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerting.AlarmChange.Transition.AUDIO_PAUSED;
import static org.vigil.alerting.AlarmChange.Transition.AUDIO_RESUMED;
import static org.vigil.alerting.AlarmChange.Transition.ESCALATED;
import static org.vigil.alerting.AlarmChange.Transition.RAISED;
import static org.vigil.alerting.Ward.givenABedWith;
import static org.vigil.model.VitalSign.PULSE_RATE;
import static org.vigil.model.VitalSign.SPO2;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.profile.AlarmProfile;

/** What the nurse hears: audio pause, and escalation of unacknowledged alarms. */
class AlarmSignalTest {

    @Test
    void audio_pause_silences_sounding_alarms_and_counts_down() {
        Ward ward = givenABedWith(Rules.spo2Low());
        ward.holds(SPO2, 90, 16);

        AudioState audio = ward.bed.pauseAudio("nurse.ann", ward.now);
        ward.holds(SPO2, 90, 30);

        assertThat(audio.paused()).isTrue();
        assertThat(audio.remaining()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ward.bed.audio(ward.now).remaining()).isEqualTo(Duration.ofSeconds(90));
        assertThat(ward.bed.audio(ward.now).pausedBy()).isEqualTo("nurse.ann");
        assertThat(ward.openAlarm("spo2-low").audible()).isFalse();
        assertThat(ward.openAlarm("spo2-low").state()).as("paused is not acknowledged").isEqualTo(AlarmState.ACTIVE);
        assertThat(ward.transitions("spo2-low")).containsExactly(RAISED, AUDIO_PAUSED);
        assertThat(ward.bed.audible()).isFalse();
    }

    @Test
    void audio_pause_is_broken_by_a_new_alarm() {
        Ward ward = givenABedWith(Rules.spo2Low(), Rules.spo2Critical());
        ward.holds(SPO2, 90, 16);
        ward.bed.pauseAudio("nurse.ann", ward.now);

        ward.holds(SPO2, 86, 6);

        assertThat(ward.openAlarm("spo2-critical").audible()).isTrue();
        assertThat(ward.openAlarm("spo2-low").audible()).isFalse();
        assertThat(ward.bed.audible()).isTrue();
    }

    @Test
    void audio_sounds_again_when_the_pause_runs_out() {
        Ward ward = givenABedWith(Rules.spo2Low());
        ward.holds(SPO2, 90, 16);
        ward.bed.pauseAudio("nurse.ann", ward.now);

        ward.holds(SPO2, 90, 120);

        assertThat(ward.bed.audio(ward.now).paused()).isFalse();
        assertThat(ward.openAlarm("spo2-low").audible()).isTrue();
        assertThat(ward.transitions("spo2-low")).contains(AUDIO_PAUSED, AUDIO_RESUMED);
        assertThat(ward.audioChanges).extracting(AudioState::paused).containsExactly(true, false);
    }

    @Test
    void unacknowledged_alarm_escalates_after_the_configured_time() {
        Ward ward = givenABedWith(AlarmProfile.of("test", java.util.List.of(Rules.spo2Critical()))
                .withEscalateAfter(Map.of(Priority.HIGH, Duration.ofSeconds(30))));
        ward.holds(SPO2, 85, 6);

        ward.holds(SPO2, 85, 29);
        assertThat(ward.openAlarm("spo2-critical").escalated()).isFalse();

        ward.holds(SPO2, 85, 1);
        assertThat(ward.openAlarm("spo2-critical").escalated()).isTrue();
        assertThat(ward.last("spo2-critical").orElseThrow().transition()).isEqualTo(ESCALATED);
    }

    @Test
    void escalation_continues_while_audio_is_paused() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.holds(SPO2, 85, 6);
        ward.bed.pauseAudio("nurse.ann", ward.now);

        ward.holds(SPO2, 85, 60);

        assertThat(ward.openAlarm("spo2-critical").escalated()).isTrue();
    }

    @Test
    void acknowledged_alarm_does_not_escalate() {
        Ward ward = givenABedWith(Rules.hrHigh());
        ward.holds(PULSE_RATE, 140, 31).acknowledge("hr-high", "nurse.ann");

        ward.holds(PULSE_RATE, 140, 110);

        assertThat(ward.transitions("hr-high")).doesNotContain(ESCALATED);
    }

    @Test
    void latched_alarm_nobody_acknowledges_escalates() {
        Ward ward = givenABedWith(Rules.spo2Critical());
        ward.holds(SPO2, 85, 6).holds(SPO2, 97, 1);

        ward.after(60);

        assertThat(ward.openAlarm("spo2-critical").state()).isEqualTo(AlarmState.LATCHED);
        assertThat(ward.openAlarm("spo2-critical").escalated()).isTrue();
    }
}
