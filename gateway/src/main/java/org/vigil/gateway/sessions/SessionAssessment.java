package org.vigil.gateway.sessions;

import java.time.Instant;
import java.util.Objects;

/**
 * A clinician's assessment during a session.
 *
 * @param sedation MOAA/S score: 5 responds readily to name in a normal tone ... 0 does not respond
 *                 to a painful stimulus (Chernik et al., J Clin Psychopharmacol 1990;10:244-251)
 * @param note     free text, may be {@code null}
 */
public record SessionAssessment(Instant at, String by, int sedation, Dissociation dissociation,
                                boolean respiratoryDepression, String note) {

    /** MOAA/S 5: the patient is alert. */
    public static final int ALERT = 5;

    public SessionAssessment {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(dissociation, "dissociation");
        if (sedation < 0 || sedation > ALERT) throw new IllegalArgumentException("sedation must be a MOAA/S score from 0 to 5");
    }
}
