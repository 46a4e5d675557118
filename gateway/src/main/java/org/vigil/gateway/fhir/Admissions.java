package org.vigil.gateway.fhir;

import java.util.concurrent.CompletableFuture;

/** Who is in a bed: admitting names the patient of the bed's current occupancy, discharging ends it. */
public interface Admissions {

    /** Completes with the id of the admitted Patient. */
    CompletableFuture<String> admit(String bedId, Admission admission);

    CompletableFuture<Void> discharge(String bedId);
}
