package org.vigil.gateway.fhir;

import org.vigil.model.Reading;

/** What the charting policy decided to turn into an Observation. */
public sealed interface Chartable {

    enum Reason {
        /** The representative value (median) of one charting interval. */
        INTERVAL,
        /** The reading that triggered an alarm. */
        ALARM
    }

    /** One reading of a continuous vital. */
    record Single(Reading reading, Reason reason) implements Chartable {
    }

    /** One NIBP measurement; {@code mean} may be {@code null}. */
    record BloodPressure(Reading systolic, Reading diastolic, Reading mean) implements Chartable {
    }
}
