package org.vigil.gateway.hl7;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.vigil.gateway.fhir.FhirCodes;
import org.vigil.gateway.storage.FhirResourceRepository;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.gateway.storage.OccupancyRepository;

/**
 * The PID content of a bed's patient, from the stored Patient of its occupancy: the admission's
 * MRN, name and birth date, or the unidentified placeholder. Cached per occupancy and admission.
 * Thread-safe.
 */
final class Hl7Patients {

    private record Key(String occupancyId, Instant admittedAt) {
    }

    private final FhirResourceRepository resources;
    private final OccupancyRepository occupancies;
    private final FhirContext fhir;
    private final Map<Key, Hl7Patient> cache = new ConcurrentHashMap<>();

    Hl7Patients(FhirResourceRepository resources, OccupancyRepository occupancies, FhirContext fhir) {
        this.resources = resources;
        this.occupancies = occupancies;
        this.fhir = fhir;
    }

    /** The patient now in a bed; an unidentified one under the bed id when the bed has no occupancy yet. */
    Hl7Patient inBed(String bedId) {
        Optional<Occupancy> occupancy = occupancies.current(bedId);
        return occupancy.map(this::of).orElseGet(() -> Hl7Patient.unidentified(bedId));
    }

    Hl7Patient of(Occupancy occupancy) {
        if (occupancy.admittedAt() == null) return Hl7Patient.unidentified(occupancy.id());
        return cache.computeIfAbsent(new Key(occupancy.id(), occupancy.admittedAt()), key -> load(occupancy));
    }

    private Hl7Patient load(Occupancy occupancy) {
        Optional<String> json = resources.patient(occupancy.id());
        if (json.isEmpty()) return Hl7Patient.unidentified(occupancy.id());
        Patient patient = fhir.newJsonParser().parseResource(Patient.class, json.get());
        Identifier mrn = patient.getIdentifier().stream()
                .filter(identifier -> !FhirCodes.OCCUPANCY_IDENTIFIER.equals(identifier.getSystem()))
                .findFirst().orElse(null);
        if (mrn == null || patient.getName().isEmpty()) return Hl7Patient.unidentified(occupancy.id());
        HumanName name = patient.getNameFirstRep();
        String given = name.getGiven().isEmpty() ? null : name.getGivenAsSingleString();
        LocalDate birthDate = patient.getBirthDate() == null ? null
                : LocalDate.parse(patient.getBirthDateElement().getValueAsString());
        return Hl7Patient.admitted(mrn.getValue(), mrn.getSystem(), name.getFamily(), given, birthDate);
    }
}
