package org.vigil.alerting;

/** IEC 60601-1-8 distinguishes physiological from technical alarm conditions. */
public enum Category {
    /** A measured value outside its limits, or a NEWS2 trigger. */
    PHYSIOLOGICAL,
    /** Sensor, device, schedule, data or gateway trouble. */
    TECHNICAL
}
