package org.vigil.alerting.news2;

import org.vigil.model.VitalSign;

/** The seven NEWS2 physiological parameters. */
public enum News2Parameter {
    RESPIRATION_RATE,
    SPO2,
    AIR_OR_OXYGEN,
    SYSTOLIC_BP,
    PULSE,
    CONSCIOUSNESS,
    TEMPERATURE;

    /** The parameter a vital feeds, or {@code null} when NEWS2 does not use it. */
    public static News2Parameter of(VitalSign vital) {
        return switch (vital) {
            case RESP_RATE -> RESPIRATION_RATE;
            case SPO2 -> SPO2;
            case BP_SYS -> SYSTOLIC_BP;
            case PULSE_RATE -> PULSE;
            case TEMP -> TEMPERATURE;
            default -> null;
        };
    }
}
