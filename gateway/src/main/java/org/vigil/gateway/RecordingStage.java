package org.vigil.gateway;

import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.ReadingPipeline;
import org.vigil.gateway.fhir.VitalsRecorder;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;

/** Hands readings to the recorder's own worker, so that storage and FHIR encoding never delay an alarm. */
final class RecordingStage implements ReadingPipeline.Stage {

    private final VitalsRecorder recorder;

    RecordingStage(VitalsRecorder recorder) {
        this.recorder = recorder;
    }

    /** A full queue is reported by the recorder itself, through the gateway's storage alarm. */
    @Override
    public void reading(BedState bed, Reading reading) {
        recorder.submit(bed.id(), reading);
    }

    @Override
    public void identity(BedState bed, String deviceId, DeviceIdentity identity) {
        recorder.deviceIdentified(deviceId, identity);
    }
}
