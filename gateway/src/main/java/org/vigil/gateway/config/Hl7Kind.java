package org.vigil.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an HL7 v2 destination receives (IHE PCD Technical Framework Vol 2, sections 3.1 and 3.4). */
public enum Hl7Kind {
    /** PCD-01 Communicate PCD Data: ORU^R01 observations, to a Device Observation Consumer (EHR). */
    PCD_01("pcd-01"),
    /** PCD-04 Report Alert: ORU^R40 alarm reports, to an Alert Manager. */
    PCD_04("pcd-04");

    private final String name;

    Hl7Kind(String name) {
        this.name = name;
    }

    @JsonCreator
    public static Hl7Kind parse(String text) {
        for (Hl7Kind kind : values()) {
            if (kind.name.equals(text)) return kind;
        }
        throw new IllegalArgumentException("'" + text + "' is not an HL7 kind; one of pcd-01, pcd-04");
    }

    @JsonValue
    @Override
    public String toString() {
        return name;
    }
}
