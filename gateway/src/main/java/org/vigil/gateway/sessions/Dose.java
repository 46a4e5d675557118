package org.vigil.gateway.sessions;

import java.time.Instant;
import java.util.Objects;

/**
 * A dose given in a session, as the REMS monitoring form records it: drug, route, amount in mg and
 * lot number, with when and by whom, and whether the vital signs were acceptable before dosing
 * ({@code null} for a dose recorded before Vigil asked).
 */
public record Dose(String drug, String route, double doseMg, String lot, Instant time, String givenBy,
                   Boolean vitalsAcceptable) {

    public Dose {
        Objects.requireNonNull(drug, "drug");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(lot, "lot");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(givenBy, "givenBy");
        if (!(doseMg > 0) || !Double.isFinite(doseMg)) throw new IllegalArgumentException("doseMg must be more than 0");
    }

    public Dose(String drug, String route, double doseMg, String lot, Instant time, String givenBy) {
        this(drug, route, doseMg, lot, time, givenBy, null);
    }
}
