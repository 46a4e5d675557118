package org.vigil.gateway.fhir;

import java.util.concurrent.CompletableFuture;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;

/** One piece of work queued for the {@link VitalsRecorder}'s worker thread. */
sealed interface RecorderTask {

    record Record(String bedId, Reading reading) implements RecorderTask {
    }

    record Alarm(String bedId, Reading reading, VitalLimits limits) implements RecorderTask {
    }

    record Identify(String deviceId, DeviceIdentity identity) implements RecorderTask {
    }

    record Start(String bedId, CompletableFuture<Occupancy> done) implements RecorderTask {
    }

    record Admit(String bedId, Admission admission, CompletableFuture<Occupancy> done) implements RecorderTask {
    }

    record End(String bedId, CompletableFuture<Void> done) implements RecorderTask {
    }
}
