package org.vigil.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class PatientFactoryTest {

    private static final String OCCUPANCY = "occ-3e0c4b7e-0000-4000-8000-000000000002";
    private final PatientFactory factory = new PatientFactory();

    @Test
    void an_occupancy_starts_with_an_unidentified_placeholder_patient_that_conforms() {
        Patient placeholder = factory.placeholder(OCCUPANCY);

        assertThat(R4Conformance.errorsOf(placeholder)).isEmpty();
        assertThat(placeholder.getIdElement().getIdPart()).isEqualTo(OCCUPANCY);
        assertThat(placeholder.getIdentifierFirstRep().getSystem()).isEqualTo("urn:vigil:occupancy");
        assertThat(placeholder.getIdentifierFirstRep().getValue()).isEqualTo(OCCUPANCY);
        assertThat(placeholder.getNameFirstRep().hasFamily()).isFalse();
    }

    @Test
    void admitting_keeps_the_same_patient_id_and_occupancy_identifier_and_adds_name_mrn_and_birth_date() {
        Patient admitted = factory.admitted(OCCUPANCY,
                new Admission("Okafor", "Ada Grace", "urn:oid:1.2.826.0.1.3680043.2.1", "MRN-004211", LocalDate.of(1984, 5, 17)));

        assertThat(R4Conformance.errorsOf(admitted)).isEmpty();
        assertThat(admitted.getIdElement().getIdPart()).isEqualTo(OCCUPANCY);
        assertThat(admitted.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue())
                .containsExactly("urn:vigil:occupancy|" + OCCUPANCY, "urn:oid:1.2.826.0.1.3680043.2.1|MRN-004211");
        assertThat(admitted.getNameFirstRep().getFamily()).isEqualTo("Okafor");
        assertThat(admitted.getNameFirstRep().getGiven()).extracting(g -> g.getValue()).containsExactly("Ada", "Grace");
        assertThat(admitted.getBirthDateElement().getValueAsString()).isEqualTo("1984-05-17");
    }
}
