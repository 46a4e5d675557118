package org.vigil.gateway.sessions;

import java.time.Instant;
import java.util.Objects;
import org.vigil.model.VitalSign;

/**
 * A charted sample a clinician marked as not valid, with the reason: the raw sample is kept, the
 * session's charted values leave it out.
 */
public record Artefact(VitalSign vital, Instant time, String reason, String markedBy, Instant markedAt) {

    public Artefact {
        Objects.requireNonNull(vital, "vital");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(markedBy, "markedBy");
        Objects.requireNonNull(markedAt, "markedAt");
    }
}
