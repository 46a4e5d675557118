package org.vigil.gateway.export;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.vigil.gateway.fhir.FhirCodes;
import org.vigil.gateway.storage.OutboxEntry;

/**
 * Turns outbox entries into one transaction Bundle that is idempotent on the server: Observations
 * are conditional creates ({@code ifNoneExist}), Patients, Devices and a session's Encounter,
 * MedicationAdministration and QuestionnaireResponse conditional updates on their Vigil
 * identifier, and references become conditional references on those identifiers.
 */
final class ExportBundle {

    private ExportBundle() {
    }

    static Bundle transaction(FhirContext fhirContext, List<OutboxEntry> entries) {
        IParser parser = fhirContext.newJsonParser();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (OutboxEntry entry : entries) {
            Resource resource = (Resource) parser.parseResource(entry.resourceJson());
            Bundle.BundleEntryComponent bundleEntry = bundle.addEntry();
            bundleEntry.setFullUrl("urn:uuid:" + UUID.nameUUIDFromBytes(
                    (entry.resourceType() + "/" + entry.resourceId()).getBytes(StandardCharsets.UTF_8)));
            Identifier key = keyIdentifier(resource);
            String condition = "identifier=" + key.getSystem() + "|" + key.getValue();
            resource.setId((String) null);
            if (resource instanceof Observation observation) {
                conditional(observation.getSubject(), "Patient");
                conditional(observation.getDevice(), "Device");
                conditional(observation.getEncounter(), "Encounter");
                bundleEntry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation").setIfNoneExist(condition);
            } else {
                if (resource instanceof Encounter encounter) conditional(encounter.getSubject(), "Patient");
                if (resource instanceof MedicationAdministration administration) {
                    conditional(administration.getSubject(), "Patient");
                    conditional(administration.getContext(), "Encounter");
                }
                if (resource instanceof QuestionnaireResponse response) {
                    conditional(response.getSubject(), "Patient");
                    conditional(response.getEncounter(), "Encounter");
                }
                bundleEntry.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(entry.resourceType() + "?" + condition);
            }
            bundleEntry.setResource(resource);
        }
        return bundle;
    }

    /** The identifier a resource is matched on at the server: the first of Vigil's own it carries. */
    private static Identifier keyIdentifier(IBaseResource resource) {
        List<Identifier> identifiers = switch (resource.fhirType()) {
            case "Observation" -> ((Observation) resource).getIdentifier();
            case "Patient" -> ((Patient) resource).getIdentifier();
            case "Device" -> ((Device) resource).getIdentifier();
            case "Encounter" -> ((Encounter) resource).getIdentifier();
            case "MedicationAdministration" -> ((MedicationAdministration) resource).getIdentifier();
            case "QuestionnaireResponse" -> List.of(((QuestionnaireResponse) resource).getIdentifier());
            default -> throw new IllegalArgumentException("cannot export " + resource.fhirType());
        };
        List<String> systems = List.of(FhirCodes.OBSERVATION_IDENTIFIER, FhirCodes.OCCUPANCY_IDENTIFIER,
                FhirCodes.DEVICE_IDENTIFIER, FhirCodes.SESSION_IDENTIFIER);
        return identifiers.stream().filter(i -> systems.contains(i.getSystem())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(resource.fhirType() + " has no Vigil identifier"));
    }

    /** Patient/occ-1 with identifier urn:vigil:occupancy|occ-1 becomes Patient?identifier=urn:vigil:occupancy|occ-1. */
    private static void conditional(Reference reference, String type) {
        if (!reference.hasIdentifier()) return;
        Identifier identifier = reference.getIdentifier();
        reference.setReference(type + "?identifier=" + identifier.getSystem() + "|" + identifier.getValue());
        reference.setIdentifier(null);
    }
}
