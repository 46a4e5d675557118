package org.vigil.gateway;

import java.util.function.Consumer;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.ReadingPipeline;
import org.vigil.gateway.fhir.VitalsRecorder;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;

/** Hands readings to the recorder's own worker, so that storage and FHIR encoding never delay an alarm. */
final class RecordingStage implements ReadingPipeline.Stage {

    private final VitalsRecorder recorder;
    private final Consumer<RuntimeException> onFailure;

    RecordingStage(VitalsRecorder recorder, Consumer<RuntimeException> onFailure) {
        this.recorder = recorder;
        this.onFailure = onFailure;
    }

    @Override
    public void reading(BedState bed, Reading reading) {
        if (!recorder.submit(bed.id(), reading)) {
            onFailure.accept(new IllegalStateException("the storage queue is full; readings are being dropped"));
        }
    }

    @Override
    public void identity(BedState bed, String deviceId, DeviceIdentity identity) {
        recorder.deviceIdentified(deviceId, identity);
    }
}
