package org.vigil.gateway.fhir;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumerations;

/** The CapabilityStatement the API serves at {@code metadata}: what it reads and which searches it supports. */
final class FhirCapabilities {

    private FhirCapabilities() {
    }

    static CapabilityStatement statement(String base, Instant now) {
        CapabilityStatement statement = new CapabilityStatement();
        statement.setStatus(Enumerations.PublicationStatus.ACTIVE);
        statement.setDate(Date.from(now));
        statement.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        statement.getSoftware().setName("Vigil gateway");
        statement.getImplementation().setDescription("Vigil vital-signs gateway, read-only FHIR API").setUrl(base);
        statement.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        statement.addFormat("json");
        CapabilityStatementRestComponent rest = statement.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER)
                .setDocumentation("Read-only. Unsupported search parameters are refused with 400. "
                        + "Observation search pages with _count (1-" + FhirApi.MAX_COUNT + ", default " + FhirApi.DEFAULT_COUNT + ") and _offset.");
        CapabilityStatementRestResourceComponent observation = resource(rest, "Observation");
        for (String profile : List.of("vitalsigns", "oxygensat", "heartrate", "bp", "resprate", "bodytemp")) {
            observation.addSupportedProfile(FhirCodes.PROFILE_BASE + profile);
        }
        observation.addSearchParam().setName("subject").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("Patient/{id} only");
        observation.addSearchParam().setName("code").setType(Enumerations.SearchParamType.TOKEN)
                .setDocumentation("{system}|{code} or {code}; LOINC and MDC codes both match; one value");
        observation.addSearchParam().setName("date").setType(Enumerations.SearchParamType.DATE)
                .setDocumentation("prefixes eq, ge, gt, le, lt; may repeat to give a range");
        for (String type : List.of("Patient", "Device")) {
            resource(rest, type).addSearchParam().setName("identifier").setType(Enumerations.SearchParamType.TOKEN)
                    .setDocumentation("{system}|{value} or {value}; one value");
        }
        for (String readOnly : List.of("Encounter", "Questionnaire")) {
            resource(rest, readOnly).getInteraction().removeIf(i -> i.getCode() == CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
        }
        resource(rest, "QuestionnaireResponse").addSearchParam().setName("encounter").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("Encounter/{id} only");
        resource(rest, "MedicationAdministration").addSearchParam().setName("context").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("Encounter/{id} only");
        return statement;
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatementRestComponent rest, String type) {
        CapabilityStatementRestResourceComponent resource = rest.addResource().setType(type)
                .setProfile("http://hl7.org/fhir/StructureDefinition/" + type)
                .setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION)
                .setReadHistory(false)
                .setUpdateCreate(false)
                .setConditionalCreate(false)
                .setConditionalUpdate(false)
                .setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
        resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
        resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
        return resource;
    }
}
