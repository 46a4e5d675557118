package org.vigil.gateway.sessions;

import java.time.Instant;

/** The first complete set of SpO2, pulse and blood pressure after check-in, against which recovery is judged. */
public record Baseline(Instant at, double spo2, double pulse, double systolic, double diastolic) {
}
