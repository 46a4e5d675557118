package org.vigil.gateway.sessions;

import java.time.Instant;

/** The clinician's sign-off that ends a session; {@code overrideReason} is why, when readiness was not met. */
public record SignOff(Instant at, String by, String overrideReason) {
}
