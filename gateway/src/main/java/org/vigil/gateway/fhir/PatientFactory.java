package org.vigil.gateway.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * Patient resources of bed occupancies. An occupancy starts with an unidentified placeholder
 * Patient whose id is the occupancy id; every Observation recorded during the occupancy refers
 * to it. Admitting the patient updates that same resource with name, identifier and birth date,
 * so everything recorded since the occupancy started belongs to the admitted patient without
 * rewriting a single Observation.
 */
public final class PatientFactory {

    /** v2-0203 type of a medical record number. */
    private static final String IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";

    public Patient placeholder(String occupancyId) {
        Patient patient = new Patient();
        patient.setId(occupancyId);
        patient.addIdentifier(occupancyIdentifier(occupancyId));
        patient.setActive(true);
        patient.addName().setUse(HumanName.NameUse.ANONYMOUS).setText("Unidentified patient");
        return patient;
    }

    public Patient admitted(String occupancyId, Admission admission) {
        Patient patient = new Patient();
        patient.setId(occupancyId);
        patient.addIdentifier(occupancyIdentifier(occupancyId));
        patient.addIdentifier(new Identifier()
                .setUse(Identifier.IdentifierUse.OFFICIAL)
                .setType(new CodeableConcept().addCoding(new Coding(IDENTIFIER_TYPE, "MR", "Medical record number")))
                .setSystem(admission.identifierSystem())
                .setValue(admission.identifierValue()));
        patient.setActive(true);
        HumanName name = patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(admission.family());
        if (admission.given() != null) {
            for (String given : admission.given().trim().split("\\s+")) name.addGiven(given);
        }
        if (admission.birthDate() != null) {
            patient.setBirthDateElement(new DateType(admission.birthDate().toString()));
        }
        return patient;
    }

    private static Identifier occupancyIdentifier(String occupancyId) {
        return new Identifier()
                .setUse(Identifier.IdentifierUse.SECONDARY)
                .setSystem(FhirCodes.OCCUPANCY_IDENTIFIER)
                .setValue(occupancyId);
    }
}
