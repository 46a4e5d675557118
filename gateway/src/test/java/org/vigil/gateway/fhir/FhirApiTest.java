package org.vigil.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.gateway.storage.TestDatabase;
import org.vigil.gateway.storage.TestRepositories;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

class FhirApiTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final String BASE = "http://gateway.local:8080/fhir";

    @TempDir
    Path directory;

    private TestDatabase database;
    private TestRepositories storage;
    private FhirApi api;
    private Occupancy bed1;
    private final ObservationFactory observations = new ObservationFactory();
    private final PatientFactory patients = new PatientFactory();

    @BeforeEach
    void givenAGatewayWithTenMinutesOfVitalsForBedOne() {
        database = TestDatabase.in(directory);
        Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
        storage = TestRepositories.over(database.open(), clock);
        api = new FhirApi(storage.resources(), FhirContextHolder.r4(), URI.create(BASE), clock);
        bed1 = storage.occupancies().start("bed-1", patients.placeholder("occ-bed1"), T0);
        storage.occupancies().start("bed-2", patients.placeholder("occ-bed2"), T0);
        storage.resources().saveDevice("ox-1", observations.device("ox-1", new DeviceIdentity("Nonin", "7500", "SN-1")));
        for (int minute = 0; minute < 10; minute++) {
            Instant time = T0.plusSeconds(60L * minute);
            storage.resources().saveObservation(observations.vital(reading(VitalSign.SPO2, 95, time), bed1.id(), VitalLimits.NONE));
            storage.resources().saveObservation(observations.vital(reading(VitalSign.PULSE_RATE, 70, time), bed1.id(), VitalLimits.NONE));
        }
        storage.resources().saveObservation(observations.vital(reading(VitalSign.SPO2, 99, T0), "occ-bed2", VitalLimits.NONE));
    }

    @AfterEach
    void close() throws Exception {
        storage.database().close();
        database.close();
    }

    @Test
    void metadata_is_a_capability_statement_that_declares_exactly_what_is_supported() {
        FhirResponse response = api.handle("GET", "/fhir/metadata");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/fhir+json");
        CapabilityStatement statement = parse(response, CapabilityStatement.class);
        assertThat(R4Conformance.errorsOf(statement)).isEmpty();
        assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
        var resources = statement.getRestFirstRep().getResource();
        assertThat(resources).extracting(r -> r.getType()).containsExactly("Observation", "Patient", "Device", "Encounter",
                "Questionnaire", "QuestionnaireResponse", "MedicationAdministration");
        assertThat(resources).allSatisfy(r -> assertThat(r.getInteraction()).extracting(i -> i.getCode().toCode())
                .containsExactlyElementsOf(List.of("Encounter", "Questionnaire").contains(r.getType())
                        ? List.of("read") : List.of("read", "search-type")));
        assertThat(resources.get(0).getSearchParam()).extracting(p -> p.getName()).containsExactly("subject", "code", "date");
        assertThat(resources.get(1).getSearchParam()).extracting(p -> p.getName()).containsExactly("identifier");
        assertThat(statement.getRestFirstRep().getInteraction()).isEmpty();
    }

    @Test
    void observations_of_a_patient_by_code_come_as_a_searchset_a_page_at_a_time_with_next_links() {
        FhirResponse first = api.handle("GET", "/fhir/Observation?subject=Patient/occ-bed1&code=http://loinc.org|2708-6&_count=4");

        Bundle page1 = parse(first, Bundle.class);
        assertThat(first.status()).isEqualTo(200);
        assertThat(page1.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(page1.getEntry()).hasSize(4);
        assertThat(page1.getEntry()).allSatisfy(e -> {
            assertThat(e.getFullUrl()).startsWith(BASE + "/Observation/");
            assertThat(((Observation) e.getResource()).getSubject().getReference()).isEqualTo("Patient/occ-bed1");
            assertThat(((Observation) e.getResource()).getCode().getCodingFirstRep().getCode()).isEqualTo("2708-6");
        });
        assertThat(page1.getLink("self").getUrl()).isEqualTo(BASE + "/Observation?subject=Patient/occ-bed1&code=http://loinc.org|2708-6&_count=4");
        String next = page1.getLink("next").getUrl();
        assertThat(next).endsWith("_count=4&_offset=4");

        Bundle page2 = parse(api.handle("GET", next.substring("http://gateway.local:8080".length())), Bundle.class);
        Bundle page3 = parse(api.handle("GET", page2.getLink("next").getUrl().substring("http://gateway.local:8080".length())), Bundle.class);
        assertThat(page2.getEntry()).hasSize(4);
        assertThat(page3.getEntry()).hasSize(2);
        assertThat(page3.getLink("next")).isNull();
    }

    @Test
    void observations_are_found_by_mdc_code_and_limited_to_a_date_range() {
        Bundle byMdc = parse(api.handle("GET", "/fhir/Observation?subject=Patient/occ-bed1&code=urn:iso:std:iso:11073:10101%7C149530"), Bundle.class);
        Bundle inRange = parse(api.handle("GET",
                "/fhir/Observation?subject=Patient/occ-bed1&code=2708-6&date=ge2026-03-02T09:02:00Z&date=le2026-03-02T09:04:00Z"), Bundle.class);
        Bundle wholeDay = parse(api.handle("GET", "/fhir/Observation?subject=Patient/occ-bed1&date=2026-03-02"), Bundle.class);
        Bundle dayBefore = parse(api.handle("GET", "/fhir/Observation?subject=Patient/occ-bed1&date=lt2026-03-02"), Bundle.class);

        assertThat(byMdc.getEntry()).hasSize(10);
        assertThat(inRange.getEntry()).extracting(e -> ((Observation) e.getResource()).getEffectiveDateTimeType().getValueAsString())
                .containsExactly("2026-03-02T09:02:00.000+00:00", "2026-03-02T09:03:00.000+00:00", "2026-03-02T09:04:00.000+00:00");
        assertThat(wholeDay.getEntry()).hasSize(20);
        assertThat(dayBefore.getEntry()).isEmpty();
    }

    @Test
    void an_observation_patient_and_device_are_read_by_id() {
        String observationId = parse(api.handle("GET", "/fhir/Observation?subject=Patient/occ-bed1&_count=1"), Bundle.class)
                .getEntryFirstRep().getResource().getIdElement().getIdPart();

        FhirResponse observation = api.handle("GET", "/fhir/Observation/" + observationId);
        FhirResponse patient = api.handle("GET", "/fhir/Patient/occ-bed1");
        FhirResponse device = api.handle("GET", "/fhir/Device/dev-ox-1");

        assertThat(observation.status()).isEqualTo(200);
        assertThat(parse(observation, Observation.class).getIdElement().getIdPart()).isEqualTo(observationId);
        assertThat(parse(patient, Patient.class).getIdentifierFirstRep().getValue()).isEqualTo("occ-bed1");
        assertThat(parse(device, Device.class).getSerialNumber()).isEqualTo("SN-1");
    }

    @Test
    void patients_and_devices_are_searched_by_identifier() {
        Bundle patient = parse(api.handle("GET", "/fhir/Patient?identifier=urn:vigil:occupancy|occ-bed2"), Bundle.class);
        Bundle device = parse(api.handle("GET", "/fhir/Device?identifier=ox-1"), Bundle.class);
        Bundle nobody = parse(api.handle("GET", "/fhir/Patient?identifier=urn:vigil:occupancy|occ-nobody"), Bundle.class);

        assertThat(patient.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly("occ-bed2");
        assertThat(device.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly("dev-ox-1");
        assertThat(nobody.getEntry()).isEmpty();
        assertThat(nobody.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = ' ', value = {
            "GET /fhir/Observation/unknown-id 404",
            "GET /fhir/Patient/occ-nobody 404",
            "GET /fhir/Device/dev-none 404",
            "GET /fhir/Encounter/1 404",
            "GET /fhir/Observation?_count=abc 400",
            "GET /fhir/Observation?_count=0 400",
            "GET /fhir/Observation?_count=100000 400",
            "GET /fhir/Observation?date=yesterday 400",
            "GET /fhir/Observation?date=2026-03-02T09:00:00 400",
            "GET /fhir/Observation?date=sa2026-03-02 400",
            "GET /fhir/Observation?subject=occ-bed1 400",
            "GET /fhir/Observation?subject=Patient/bad%20id 400",
            "GET /fhir/Observation?code=|2708-6 400",
            "GET /fhir/Observation?code=2708-6,8867-4 400",
            "GET /fhir/Observation?subject=Patient/a&subject=Patient/b 400",
            "GET /fhir/Observation?status=final 400",
            "GET /fhir/Observation?code=%ZZ 400",
            "GET /fhir/Patient 400",
            "GET /fhir/Patient?name=Okafor 400",
            "GET /fhir/Device?identifier= 400",
            "GET /fhir/Patient/occ-bed1?_elements=name 400",
            "GET /fhir/Observation?_format=xml 406",
            "POST /fhir/Observation 405",
            "DELETE /fhir/Patient/occ-bed1 405"})
    void bad_requests_get_an_operation_outcome_with_a_4xx_status(String method, String pathAndQuery, int status) {
        FhirResponse response = api.handle(method, pathAndQuery);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/fhir+json");
        OperationOutcome outcome = parse(response, OperationOutcome.class);
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).isNotBlank();
    }

    @Test
    void when_storage_fails_the_api_answers_503_not_500() {
        storage.database().close();

        FhirResponse response = api.handle("GET", "/fhir/Patient/occ-bed1");

        assertThat(response.status()).isEqualTo(503);
        assertThat(parse(response, OperationOutcome.class).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TRANSIENT);
    }

    private static <T extends IBaseResource> T parse(FhirResponse response, Class<T> type) {
        return FhirContextHolder.r4().newJsonParser().parseResource(type, response.body());
    }

    private static Reading reading(VitalSign vital, double value, Instant time) {
        return new Reading("ox-1", vital, value, vital.ucum(), time, time, Quality.VALID);
    }

}
