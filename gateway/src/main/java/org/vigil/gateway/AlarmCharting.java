package org.vigil.gateway;

import java.util.function.Consumer;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.Category;
import org.vigil.gateway.alarms.BedLimits;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.fhir.VitalsRecorder;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Charts the reading that raised a physiological alarm as an Observation of its own, with the
 * limits in force: the evidence a clinician needs beside the one-per-minute charting.
 */
final class AlarmCharting implements Consumer<AlarmChange> {

    private final Ward ward;
    private final VitalsRecorder recorder;
    private final BedLimits limits;

    AlarmCharting(Ward ward, VitalsRecorder recorder, BedLimits limits) {
        this.ward = ward;
        this.recorder = recorder;
        this.limits = limits;
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
        for (VitalSign vital : VitalSign.values()) {
            Reading latest = bed.latest(vital);
            if (latest != null && latest.isUsable() && latest.value() == change.alarm().value()) {
                recorder.alarmTriggered(bed.id(), latest, limits.of(bed.id(), vital));
                return;
            }
        }
    }
}
