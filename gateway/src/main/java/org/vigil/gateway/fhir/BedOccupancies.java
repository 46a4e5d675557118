package org.vigil.gateway.fhir;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.gateway.storage.OccupancyRepository;

/**
 * The open occupancy of each bed, cached over the repository. A bed without one gets a new
 * occupancy with a placeholder Patient; admitting names that Patient. Used by the recorder's worker
 * thread only.
 */
final class BedOccupancies {

    private final OccupancyRepository occupancies;
    private final PatientFactory patients = new PatientFactory();
    private final Clock clock;
    private final Map<String, Occupancy> open = new HashMap<>();

    BedOccupancies(OccupancyRepository occupancies, Clock clock) {
        this.occupancies = occupancies;
        this.clock = clock;
    }

    /** The bed's open occupancy, started now if it has none. */
    Occupancy of(String bedId) {
        Occupancy occupancy = open.get(bedId);
        if (occupancy != null) return occupancy;
        occupancy = occupancies.current(bedId).orElseGet(() -> start(bedId));
        open.put(bedId, occupancy);
        return occupancy;
    }

    Occupancy start(String bedId) {
        String id = FhirIds.newOccupancyId();
        Occupancy occupancy = occupancies.start(bedId, patients.placeholder(id), clock.instant());
        open.put(bedId, occupancy);
        return occupancy;
    }

    Occupancy admit(String bedId, Admission admission) {
        Occupancy occupancy = of(bedId);
        occupancies.admit(occupancy.id(), patients.admitted(occupancy.id(), admission), clock.instant());
        Occupancy admitted = new Occupancy(occupancy.id(), occupancy.bedId(), occupancy.startedAt(), null, clock.instant());
        open.put(bedId, admitted);
        return admitted;
    }

    void end(String bedId) {
        Occupancy occupancy = open.remove(bedId);
        if (occupancy == null) occupancy = occupancies.current(bedId).orElse(null);
        if (occupancy != null) occupancies.end(occupancy.id(), clock.instant());
    }
}
