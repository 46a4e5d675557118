package org.vigil.alerting.profile;

import java.util.Objects;
import org.vigil.model.VitalSign;

/** One limit on one vital, e.g. SpO2 &lt; 88. */
public record Threshold(VitalSign vital, Comparison comparison, double limit) {

    public Threshold {
        Objects.requireNonNull(vital, "vital");
        Objects.requireNonNull(comparison, "comparison");
        if (!Double.isFinite(limit)) throw new IllegalArgumentException("limit must be a number");
    }

    public Threshold withLimit(double newLimit) {
        return new Threshold(vital, comparison, newLimit);
    }
}
