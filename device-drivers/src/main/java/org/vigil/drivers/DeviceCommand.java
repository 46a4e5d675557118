package org.vigil.drivers;

/** Requests the gateway can make of a device on a person's behalf. */
public enum DeviceCommand {
    /** Start a blood-pressure measurement now. */
    START_BP,
    /** Abort a blood-pressure measurement in progress (deflates the cuff). */
    ABORT_BP
}
