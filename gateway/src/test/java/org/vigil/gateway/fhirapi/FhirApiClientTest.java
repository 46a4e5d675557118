package org.vigil.gateway.fhirapi;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.StringClientParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.config.DurationText;
import org.vigil.gateway.config.HttpConfig;
import org.vigil.gateway.config.StorageConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.alarms.AlarmView;
import org.vigil.gateway.fhir.FhirCodes;
import org.vigil.gateway.fhir.FhirIds;
import org.vigil.gateway.support.FreePorts;
import org.vigil.gateway.support.ScenarioWard;
import org.vigil.gateway.support.TestWards;
import org.vigil.simulators.ble.BleBloodPressureSimulator;
import org.vigil.simulators.scenario.Scenarios;

/**
 * The gateway's read-only FHIR API, used as an EHR would use it: HAPI's generic client against a
 * running gateway whose bed has a simulated Masimo oximeter (TCP) and BLE blood-pressure cuff (MQTT),
 * with the shortest charting interval, so Observations accumulate within seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirApiClientTest {

    private static final String MRN_SYSTEM = "urn:vigil:mrn";
    private static final String MRN = "MRN-4711";
    /** The minimum charting interval the configuration accepts. */
    private static final Duration CHARTING = ofSeconds(10);
    private static final Duration BP_INTERVAL = ofSeconds(4);
    private static final Duration CONNECT = ofSeconds(20);
    /** Desaturation raises spo2-critical within about 10 s of wall time. */
    private static final double DESATURATION_SCALE = 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path storage;

    private final FhirContext fhir = FhirContext.forR4Cached();
    private ScenarioWard ward;
    private IGenericClient client;
    private Instant sessionStart;
    private String patientId;

    @BeforeAll
    void givenARunningGatewayWithAnAdmittedPatient() throws Exception {
        sessionStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        VigilConfig base = TestWards.config(storage, List.of());
        var oximeter = ScenarioWard.tcp("bed-1-oximeter", "masimo", Scenarios.normal(), 1);
        var cuff = ScenarioWard.mqtt("bed-1-cuff", "ble-bp", "ble/bed-1/cuff",
                () -> new BleBloodPressureSimulator(BP_INTERVAL, ofSeconds(2)), Scenarios.normal(), 1);
        var desaturating = ScenarioWard.tcp("bed-2-oximeter", "masimo", Scenarios.normal(), DESATURATION_SCALE);
        VigilConfig config = new VigilConfig(new HttpConfig("127.0.0.1", FreePorts.next()), base.mqtt(),
                new StorageConfig(storage.toString(), null, null, null, null, DurationText.parse("10s")), null,
                List.of(TestWards.bed("bed-1", oximeter.config(), cuff.config()), TestWards.bed("bed-2", desaturating.config())),
                TestWards.shippedConfig());
        ward = ScenarioWard.start(config, Map.of("bed-1", List.of(oximeter, cuff), "bed-2", List.of(desaturating)));
        for (String bed : List.of("bed-1", "bed-2")) {
            await(bed + " oximeter streaming").atMost(CONNECT).until(() ->
                    ward.getJson("/api/beds/" + bed).path("devices").get(0).path("status").asText().equals("STREAMING"));
        }
        ward.device("bed-2-oximeter").switchScenario(Scenarios.desaturation());

        var admitted = ward.post("/api/beds/bed-1/admit",
                "{\"family\":\"Doe\",\"given\":\"Jane\",\"identifier\":\"" + MRN + "\",\"birthDate\":\"1980-02-01\"}");
        assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(200);
        JsonNode patient = JSON.readTree(admitted.body());
        patientId = patient.path("patient").asText().substring("Patient/".length());

        client = fhir.newRestfulGenericClient(ward.uri("/fhir").toString());
    }

    @AfterAll
    void stop() {
        if (ward != null) ward.close();
    }

    @Test
    void metadataTellsWhichReadsAndSearchesAreSupported() {
        CapabilityStatement capability = client.capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(capability.getFhirVersion()).isEqualTo(Enumerations.FHIRVersion._4_0_1);
        assertThat(capability.getFormat()).extracting(f -> f.getValue()).containsAnyOf("json", "application/fhir+json");
        CapabilityStatementRestResourceComponent observation = resource(capability, "Observation");
        assertThat(observation.getInteraction()).extracting(i -> i.getCode())
                .containsExactlyInAnyOrder(TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        assertThat(observation.getSearchParam()).extracting(p -> p.getName()).contains("subject", "code", "date");
        assertThat(resource(capability, "Patient").getSearchParam()).extracting(p -> p.getName()).contains("identifier");
        assertThat(resource(capability, "Device").getSearchParam()).extracting(p -> p.getName()).contains("identifier");
        assertThat(capability.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .contains("Encounter", "QuestionnaireResponse", "MedicationAdministration").doesNotContain("Bundle", "Condition");
    }

    @Test
    void theAdmittedPatientIsFoundByIdentifierAndReadById() {
        Bundle found = client.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(MRN_SYSTEM, MRN))
                .returnBundle(Bundle.class).execute();

        assertThat(found.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(found.getEntry()).hasSize(1);
        Patient patient = (Patient) found.getEntryFirstRep().getResource();
        assertThat(patient.getIdElement().getIdPart()).isEqualTo(patientId);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Doe");

        Patient read = client.read().resource(Patient.class).withId(patientId).execute();
        assertThat(read.getIdentifier()).anySatisfy(i -> {
            assertThat(i.getSystem()).isEqualTo(MRN_SYSTEM);
            assertThat(i.getValue()).isEqualTo(MRN);
        });
        assertThat(read.getBirthDateElement().getValueAsString()).isEqualTo("1980-02-01");

        Bundle byValueOnly = client.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().identifier(MRN)).returnBundle(Bundle.class).execute();
        assertThat(byValueOnly.getEntry()).hasSize(1);
        Bundle nobody = client.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(MRN_SYSTEM, "MRN-0000"))
                .returnBundle(Bundle.class).execute();
        assertThat(nobody.getEntry()).isEmpty();
    }

    @Test
    void observationsOfThePatientAreSearchedBySubjectCodeAndDateAcrossPages() {
        // given: a few charting intervals of SpO2 and several NIBP measurements
        await("SpO2 charted at least twice and three BP panels").atMost(CHARTING.multipliedBy(3).plus(CONNECT))
                .until(() -> observations("2708-6", 100).size() >= 2 && observations(FhirCodes.LOINC_BP_PANEL, 100).size() >= 3);

        // when: all of the patient's Observations, two per page
        Bundle page = client.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + patientId))
                .and(Observation.DATE.afterOrEquals().millis(Date.from(sessionStart)))
                .count(2)
                .returnBundle(Bundle.class).execute();
        List<Observation> paged = new ArrayList<>();
        int pages = 0;
        while (true) {
            pages++;
            assertThat(page.getEntry()).hasSizeLessThanOrEqualTo(2);
            page.getEntry().forEach(e -> paged.add((Observation) e.getResource()));
            if (page.getLink(Bundle.LINK_NEXT) == null) break;
            page = client.loadPage().next(page).execute();
        }

        // then: every page is followed once, nothing repeats, everything matches the search
        Set<String> ids = new HashSet<>();
        paged.forEach(o -> assertThat(ids.add(o.getIdElement().getIdPart())).as("repeated " + o.getId()).isTrue());
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(paged).allSatisfy(o -> {
            assertThat(o.getSubject().getReference()).isEqualTo("Patient/" + patientId);
            assertThat(o.getEffectiveDateTimeType().getValue()).isAfterOrEqualTo(Date.from(sessionStart));
            assertThat(o.getDevice().getReference()).startsWith("Device/");
        });
        assertThat(paged).extracting(o -> o.getCode().getCodingFirstRep().getCode())
                .contains("2708-6", FhirCodes.LOINC_BP_PANEL);

        // and a code search returns only that code, an upper date bound cuts off later ones
        List<Observation> bp = observations(FhirCodes.LOINC_BP_PANEL, 100);
        assertThat(bp).allSatisfy(o -> {
            assertThat(o.getCode().getCoding()).anySatisfy(c -> {
                assertThat(c.getSystem()).isEqualTo(FhirCodes.LOINC);
                assertThat(c.getCode()).isEqualTo(FhirCodes.LOINC_BP_PANEL);
            });
            assertThat(o.getComponent()).hasSizeGreaterThanOrEqualTo(2);
        });
        Date before = Date.from(sessionStart.minusSeconds(3600));
        Bundle none = client.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + patientId))
                .and(Observation.DATE.beforeOrEquals().millis(before))
                .returnBundle(Bundle.class).execute();
        assertThat(none.getEntry()).isEmpty();
    }

    @Test
    void anObservationAndItsDeviceAreReadById() {
        await("an SpO2 Observation").atMost(CHARTING.plus(CONNECT)).until(() -> !observations("2708-6", 1).isEmpty());
        Observation found = observations("2708-6", 1).get(0);

        Observation read = client.read().resource(Observation.class).withId(found.getIdElement().getIdPart()).execute();
        assertThat(read.getIdentifierFirstRep().getValue()).isEqualTo(found.getIdentifierFirstRep().getValue());
        assertThat(read.getValueQuantity().getUnit()).isEqualTo("%");
        assertThat(read.getValueQuantity().getValue().doubleValue()).isBetween(90.0, 100.0);

        Device device = client.read().resource(Device.class)
                .withId(read.getDevice().getReferenceElement().getIdPart()).execute();
        assertThat(device.getIdentifier()).anySatisfy(i -> {
            assertThat(i.getSystem()).isEqualTo(FhirCodes.DEVICE_IDENTIFIER);
            assertThat(i.getValue()).isEqualTo("bed-1-oximeter");
        });
        Bundle byIdentifier = client.search().forResource(Device.class)
                .where(Device.IDENTIFIER.exactly().systemAndIdentifier(FhirCodes.DEVICE_IDENTIFIER, "bed-1-oximeter"))
                .returnBundle(Bundle.class).execute();
        assertThat(byIdentifier.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(device.getIdElement().getIdPart());
    }

    @Test
    void theReadingThatRaisedAnAlarmIsChartedWithTheInterpretationOfTheLimitsInForce() {
        // given: bed-2's patient desaturates below the critical limit (88, high priority)
        await("spo2-critical on bed-2").atMost(ofSeconds(30)).until(() -> ward.gateway().alarms().alarmsOf("bed-2")
                .stream().anyMatch(a -> a.rule().equals("spo2-critical")));
        AlarmView alarm = ward.gateway().alarms().alarmsOf("bed-2").stream()
                .filter(a -> a.rule().equals("spo2-critical")).findFirst().orElseThrow();

        // then: that reading is an Observation of its own, outside the charting interval, interpreted critical low
        String device = "Device/" + FhirIds.deviceResourceId("bed-2-oximeter");
        await("the alarm's reading charted").atMost(ofSeconds(10)).untilAsserted(() -> {
            Bundle around = client.search().forResource(Observation.class)
                    .where(Observation.CODE.exactly().systemAndCode(FhirCodes.LOINC, "2708-6"))
                    .and(Observation.DATE.afterOrEquals().millis(Date.from(alarm.raisedAt().minusSeconds(2))))
                    .and(Observation.DATE.beforeOrEquals().millis(Date.from(alarm.raisedAt().plusSeconds(2))))
                    .count(100)
                    .returnBundle(Bundle.class).execute();
            assertThat(around.getEntry()).extracting(e -> (Observation) e.getResource())
                    .filteredOn(o -> o.getDevice().getReference().equals(device))
                    .anySatisfy(o -> {
                        assertThat(o.getValueQuantity().getValue().doubleValue()).isEqualTo(alarm.value());
                        assertThat(o.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("LL");
                    });
        });
    }

    @Test
    void badParametersAndUnknownIdsAnswerWithAnOperationOutcome() {
        assertOutcome(() -> client.search().forResource(Observation.class)
                .where(new StringClientParam("colour").matches().value("blue"))
                .returnBundle(Bundle.class).execute(), 400);
        assertOutcome(() -> client.search().byUrl("Observation?date=yesterday").returnBundle(Bundle.class).execute(), 400);
        assertOutcome(() -> client.search().byUrl("Observation?_count=0").returnBundle(Bundle.class).execute(), 400);
        assertOutcome(() -> client.search().byUrl("Observation?subject=Device/x").returnBundle(Bundle.class).execute(), 400);
        assertOutcome(() -> client.search().byUrl("Patient").returnBundle(Bundle.class).execute(), 400);
        assertOutcome(() -> client.read().resource(Observation.class).withId("no-such-observation").execute(), 404);
        assertOutcome(() -> client.search().byUrl("Condition").returnBundle(Bundle.class).execute(), 404);
        assertOutcome(() -> client.search().byUrl("Encounter").returnBundle(Bundle.class).execute(), 400);
        assertOutcome(() -> client.search().byUrl("QuestionnaireResponse?encounter=Patient/x").returnBundle(Bundle.class).execute(), 400);
    }

    private void assertOutcome(Runnable call, int status) {
        assertThatThrownBy(call::run)
                .isInstanceOf(status == 404 ? ResourceNotFoundException.class : InvalidRequestException.class)
                .satisfies(e -> {
                    BaseServerResponseException response = (BaseServerResponseException) e;
                    assertThat(response.getStatusCode()).isEqualTo(status);
                    IBaseOperationOutcome outcome = response.getOperationOutcome();
                    assertThat(outcome).as("OperationOutcome in the " + status + " answer").isInstanceOf(OperationOutcome.class);
                    assertThat(((OperationOutcome) outcome).getIssueFirstRep().getSeverity())
                            .isEqualTo(OperationOutcome.IssueSeverity.ERROR);
                });
    }

    private List<Observation> observations(String loinc, int count) {
        Bundle bundle = client.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + patientId))
                .and(Observation.CODE.exactly().systemAndCode(FhirCodes.LOINC, loinc))
                .and(Observation.DATE.afterOrEquals().millis(Date.from(sessionStart)))
                .count(count)
                .returnBundle(Bundle.class).execute();
        return bundle.getEntry().stream().map(e -> (Observation) e.getResource()).toList();
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatement capability, String type) {
        return capability.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in the CapabilityStatement"));
    }
}
