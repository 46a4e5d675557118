package org.vigil.alerting.profile;

import java.time.Duration;
import java.util.Objects;

/**
 * How old each NEWS2 input may be and still count; older makes the score incomplete.
 *
 * @param continuousMaxAge respiration rate, SpO2 and pulse
 * @param bpMaxAge         systolic blood pressure
 * @param temperatureMaxAge temperature
 * @param assessmentMaxAge the clinician's consciousness and oxygen entry
 */
public record News2Settings(Duration continuousMaxAge, Duration bpMaxAge, Duration temperatureMaxAge,
                            Duration assessmentMaxAge) {

    public static final News2Settings DEFAULT = new News2Settings(Duration.ofMinutes(2),
            Duration.ofMinutes(30), Duration.ofHours(4), Duration.ofHours(1));

    public News2Settings {
        for (Duration d : new Duration[] {continuousMaxAge, bpMaxAge, temperatureMaxAge, assessmentMaxAge}) {
            Objects.requireNonNull(d, "max age");
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("NEWS2 max ages must be more than 0");
        }
    }
}
