package org.vigil.alerting;

import java.time.Duration;
import java.time.Instant;
import org.vigil.alerting.profile.SessionSettings;

/**
 * The part of a ketamine session a bed is in, from its dose time and the profile's boundaries:
 * before the dose, onset (blood pressure expected to rise), peak, recovery.
 */
public enum SessionPhase {
    PRE_DOSE, ONSET, PEAK, RECOVERY;

    /** @param dose {@code null} when no dose is recorded */
    public static SessionPhase at(Instant dose, SessionSettings settings, Instant now) {
        if (dose == null || now.isBefore(dose)) return PRE_DOSE;
        Duration since = Duration.between(dose, now);
        if (since.compareTo(settings.peakFrom()) < 0) return ONSET;
        if (since.compareTo(settings.recoveryFrom()) < 0) return PEAK;
        return RECOVERY;
    }

    /** When this phase began for a dose at {@code dose}; {@code null} for {@link #PRE_DOSE}. */
    public Instant startOf(Instant dose, SessionSettings settings) {
        return switch (this) {
            case PRE_DOSE -> null;
            case ONSET -> dose;
            case PEAK -> dose.plus(settings.peakFrom());
            case RECOVERY -> dose.plus(settings.recoveryFrom());
        };
    }
}
