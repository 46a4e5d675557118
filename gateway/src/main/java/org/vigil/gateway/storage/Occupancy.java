package org.vigil.gateway.storage;

import java.time.Instant;

/**
 * A patient in a bed, from connection to discharge. Its id is also the id of its Patient resource.
 * {@code endedAt} and {@code admittedAt} are {@code null} while open / unidentified.
 */
public record Occupancy(String id, String bedId, Instant startedAt, Instant endedAt, Instant admittedAt) {

    public boolean isOpen() {
        return endedAt == null;
    }

    public String patientReference() {
        return "Patient/" + id;
    }
}
