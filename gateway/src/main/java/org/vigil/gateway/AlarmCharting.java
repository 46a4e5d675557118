package org.vigil.gateway;

import java.util.function.Consumer;
import org.vigil.alerting.AlarmChange;
import org.vigil.gateway.alarms.AlarmSources;
import org.vigil.gateway.alarms.BedLimits;
import org.vigil.gateway.fhir.VitalsRecorder;
import org.vigil.model.Reading;

/**
 * Charts the reading that raised a physiological alarm as an Observation of its own, with the
 * limits in force: the evidence a clinician needs beside the one-per-minute charting.
 */
final class AlarmCharting implements Consumer<AlarmChange> {

    private final AlarmSources sources;
    private final VitalsRecorder recorder;
    private final BedLimits limits;

    AlarmCharting(AlarmSources sources, VitalsRecorder recorder, BedLimits limits) {
        this.sources = sources;
        this.recorder = recorder;
        this.limits = limits;
    }

    @Override
    public void accept(AlarmChange change) {
        if (change.transition() != AlarmChange.Transition.RAISED) return;
        Reading triggering = sources.triggeringReading(change);
        if (triggering == null) return;
        recorder.alarmTriggered(change.bedId(), triggering, limits.of(change.bedId(), triggering.vital()));
    }
}
