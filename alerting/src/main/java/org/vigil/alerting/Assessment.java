package org.vigil.alerting;

import java.time.Instant;
import java.util.Objects;
import org.vigil.alerting.news2.Consciousness;

/** A clinician's NEWS2 entry for a bed: consciousness (ACVPU) and air or supplemental oxygen. */
public record Assessment(String bedId, Consciousness consciousness, boolean onOxygen, String user, Instant at) {

    public Assessment {
        Objects.requireNonNull(bedId, "bedId");
        Objects.requireNonNull(consciousness, "consciousness");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(at, "at");
    }
}
