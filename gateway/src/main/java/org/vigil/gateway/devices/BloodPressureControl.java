package org.vigil.gateway.devices;

import org.vigil.gateway.beds.BedState;

/** Starts a blood-pressure measurement on a bed's cuff at a person's request. */
@FunctionalInterface
public interface BloodPressureControl {

    /** What came of a request. */
    record Outcome(Result result, String deviceId, String detail) {
        public enum Result { STARTED, NOT_TAKEN, NO_DEVICE }
    }

    Outcome startNow(BedState bed, String user);
}
