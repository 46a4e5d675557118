package org.vigil.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.sessions.SessionReport;

/** The FHIR resources of a signed-off session are valid R4, linked to its Encounter, and answer the shipped Questionnaire. */
class SessionResourcesTest {

    private static final Instant CHECK_IN = SignedOffSessions.CHECK_IN;


    @Test
    void every_resource_of_the_session_validates_against_the_r4_core_profiles_with_no_error() {
        List<IBaseResource> resources = SessionResources.of(SignedOffSessions.givenASignedOffSession());

        assertThat(resources).extracting(r -> r.fhirType()).containsExactly("Encounter", "MedicationAdministration",
                "Observation", "Observation", "Observation", "QuestionnaireResponse");
        for (IBaseResource resource : resources) {
            assertThat(R4Conformance.errorsOf(resource)).as(resource.fhirType()).isEmpty();
        }
        assertThat(R4Conformance.errorsOf(SessionResources.questionnaire())).as("the shipped Questionnaire").isEmpty();
    }

    @Test
    void the_dose_and_the_observations_point_at_the_sessions_encounter() {
        SessionReport report = SignedOffSessions.givenASignedOffSession();
        List<IBaseResource> resources = SessionResources.of(report);
        String encounter = "Encounter/" + report.session().id();

        Encounter session = (Encounter) resources.get(0);
        assertThat(session.getIdElement().getIdPart()).isEqualTo(report.session().id());
        assertThat(session.getPeriod().getStart().toInstant()).isEqualTo(CHECK_IN);
        MedicationAdministration dose = (MedicationAdministration) resources.get(1);
        assertThat(dose.getContext().getReference()).isEqualTo(encounter);
        assertThat(dose.getDosage().getDose().getValue().doubleValue()).isEqualTo(56.0);
        assertThat(resources.subList(2, 5)).allSatisfy(o -> assertThat(((Observation) o).getEncounter().getReference()).isEqualTo(encounter));
        assertThat(((QuestionnaireResponse) resources.get(5)).getEncounter().getReference()).isEqualTo(encounter);
    }

    @Test
    void the_questionnaire_response_carries_the_rems_monitoring_fields() {
        QuestionnaireResponse rems = (QuestionnaireResponse) SessionResources.of(SignedOffSessions.givenASignedOffSession()).get(5);

        assertThat(rems.getQuestionnaire()).isEqualTo(SessionResources.QUESTIONNAIRE_URL);
        assertThat(answer(rems, "lot")).isEqualTo("LOT-42");
        assertThat(answer(rems, "sex")).isEqualTo("female");
        assertThat(answer(rems, "first-treatment")).isEqualTo("false");
        assertThat(answer(rems, "concomitant-sedative-hypnotics")).isEqualTo("true");
        assertThat(answer(rems, "concomitant-benzodiazepines")).isEqualTo("false");
        assertThat(answer(rems, "concomitant-opioids")).isEqualTo("false");
        assertThat(answer(rems, "vitals-acceptable-before-dosing")).isEqualTo("true");
        assertThat(answer(rems, "monitoring-minutes")).isEqualTo("150");
        assertThat(answer(rems, "ready-minutes")).isEqualTo("122");
        assertThat(answer(rems, "bp-before-dosing")).isEqualTo("128/81 mmHg");
        assertThat(answer(rems, "bp-40-minutes")).isEqualTo("162/97 mmHg");
        assertThat(answer(rems, "bp-before-completion")).isEqualTo("131/83 mmHg");
        assertThat(answer(rems, "sedation-occurred")).isEqualTo("true");
        assertThat(answer(rems, "sedation-resolved")).isEqualTo("true");
        assertThat(answer(rems, "dissociation-occurred")).isEqualTo("true");
        assertThat(answer(rems, "respiratory-depression-occurred")).isEqualTo("false");
    }

    private static String answer(QuestionnaireResponse response, String linkId) {
        return response.getItem().stream().filter(i -> i.getLinkId().equals(linkId)).findFirst()
                .map(i -> i.getAnswerFirstRep().getValue())
                .map(v -> v instanceof org.hl7.fhir.r4.model.Coding coding ? coding.getCode() : v.primitiveValue()).orElse(null);
    }
}
