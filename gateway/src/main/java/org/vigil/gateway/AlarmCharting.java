package org.vigil.gateway;

import java.util.Map;
import java.util.function.Consumer;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.Category;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.Threshold;
import org.vigil.gateway.alarms.BedLimits;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.fhir.VitalsRecorder;
import org.vigil.model.Reading;

/**
 * Charts the reading that raised a physiological alarm as an Observation of its own, with the
 * limits in force: the evidence a clinician needs beside the one-per-minute charting.
 */
final class AlarmCharting implements Consumer<AlarmChange> {

    private final Ward ward;
    private final VitalsRecorder recorder;
    private final BedLimits limits;
    private final Map<String, AlarmProfile> profiles;

    AlarmCharting(Ward ward, VitalsRecorder recorder, BedLimits limits, Map<String, AlarmProfile> profiles) {
        this.ward = ward;
        this.recorder = recorder;
        this.limits = limits;
        this.profiles = profiles;
    }

    @Override
    public void accept(AlarmChange change) {
        if (change.transition() != AlarmChange.Transition.RAISED
                || change.alarm().category() != Category.PHYSIOLOGICAL
                || Double.isNaN(change.alarm().value())) {
            return;
        }
        BedState bed = ward.bed(change.bedId()).orElse(null);
        if (bed == null) return;
        AlarmRule rule = profiles.get(bed.config().alarmProfile()).rule(change.alarm().ruleId()).orElse(null);
        if (!(rule instanceof LimitRule limit)) return;
        // A rule may watch several vitals (SBP or DBP): chart the one whose value raised it.
        for (Threshold threshold : limit.thresholds()) {
            Reading latest = bed.latest(threshold.vital());
            if (latest != null && latest.isUsable() && latest.value() == change.alarm().value()) {
                recorder.alarmTriggered(bed.id(), latest, limits.of(bed.id(), threshold.vital()));
                return;
            }
        }
    }
}
