package org.vigil.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.fhir.SessionResources;
import org.vigil.gateway.fhir.SignedOffSessions;
import org.vigil.gateway.storage.OutboxEntry;

/** A signed-off session's resources leave through the outbox as idempotent entries that point at each other by identifier. */
class SessionExportTest {

    @Test
    void the_session_resources_become_conditional_entries_with_conditional_references_to_the_encounter() {
        var report = SignedOffSessions.givenASignedOffSession();
        String session = report.session().id();
        List<OutboxEntry> entries = new ArrayList<>();
        long seq = 1;
        for (IBaseResource resource : SessionResources.of(report)) {
            entries.add(new OutboxEntry(seq++, resource.fhirType(), resource.getIdElement().getIdPart(),
                    FhirContextHolder.r4().newJsonParser().encodeResourceToString(resource), OutboxEntry.State.PENDING, 0, null,
                    Instant.EPOCH, Instant.EPOCH));
        }

        Bundle transaction = ExportBundle.transaction(FhirContextHolder.r4(), entries);

        String encounter = "Encounter?identifier=urn:vigil:session|" + session;
        assertThat(transaction.getEntry()).extracting(e -> e.getRequest().getMethod().toCode() + " " + e.getRequest().getUrl())
                .startsWith("PUT " + encounter, "PUT MedicationAdministration?identifier=urn:vigil:session|" + session + "/dose/1",
                        "POST Observation");
        var administration = (MedicationAdministration) transaction.getEntry().get(1).getResource();
        assertThat(administration.getContext().getReference()).isEqualTo(encounter);
        assertThat(administration.getSubject().getReference()).isEqualTo("Patient?identifier=urn:vigil:occupancy|occ-1");
        var observation = (Observation) transaction.getEntry().get(2).getResource();
        assertThat(observation.getEncounter().getReference()).isEqualTo(encounter);
        assertThat(transaction.getEntry().get(2).getRequest().getIfNoneExist())
                .startsWith("identifier=urn:vigil:session|" + session + "/bp/");
        var rems = (QuestionnaireResponse) transaction.getEntry().get(5).getResource();
        assertThat(rems.getEncounter().getReference()).isEqualTo(encounter);
        assertThat(transaction.getEntry().get(5).getRequest().getUrl())
                .isEqualTo("QuestionnaireResponse?identifier=urn:vigil:session|" + session + "/rems");
    }
}
