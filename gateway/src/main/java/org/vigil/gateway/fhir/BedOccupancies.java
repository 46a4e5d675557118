package org.vigil.gateway.fhir;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
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

    /**
     * The open occupancy of each bed, started now for those that have none: one query for the beds
     * not cached and one transaction for all that need a new occupancy.
     */
    Map<String, Occupancy> ofAll(Collection<String> bedIds) {
        Map<String, Occupancy> result = new HashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String bedId : bedIds) {
            Occupancy occupancy = open.get(bedId);
            if (occupancy != null) result.put(bedId, occupancy);
            else unknown.add(bedId);
        }
        if (unknown.isEmpty()) return result;
        Map<String, Occupancy> stored = occupancies.current(unknown);
        Map<String, Patient> placeholders = new LinkedHashMap<>();
        for (String bedId : unknown) {
            if (!stored.containsKey(bedId)) placeholders.put(bedId, patients.placeholder(FhirIds.newOccupancyId()));
        }
        for (Occupancy occupancy : occupancies.startAll(placeholders, clock.instant())) stored.put(occupancy.bedId(), occupancy);
        open.putAll(stored);
        result.putAll(stored);
        return result;
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
