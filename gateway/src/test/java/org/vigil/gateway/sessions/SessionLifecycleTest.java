package org.vigil.gateway.sessions;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.config.ExportSettings;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.fhir.R4Conformance;
import org.vigil.gateway.support.FreePorts;
import org.vigil.gateway.support.MovableClock;
import org.vigil.gateway.support.ScenarioWard;
import org.vigil.gateway.support.TestWards;
import org.vigil.simulators.scenario.Scenarios;
import org.vigil.simulators.suntech.SunTechModuleSimulator;

/**
 * A session at a chair with a Masimo oximeter and a SunTech cuff, both simulated over TCP, on a
 * gateway clock the test moves forward: check-in, the schedule's BP readings, the dose, the
 * assessments, sign-off, and a restart in the middle.
 */
class SessionLifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT = ofSeconds(20);
    /**
     * The simulated module's measurement cycle: a real one takes 20-45 s, but the driver follows the
     * module's status frames, not a time, so a short cycle runs the same protocol.
     */
    private static final Duration CUFF_CYCLE = Duration.ofSeconds(3);
    /** A commanded SunTech measurement: one cycle, a watch period, and the recorder's write. */
    private static final Duration MEASURED = CUFF_CYCLE.plus(SessionWatch.PERIOD).plusSeconds(15);
    private static final String PATIENT = "{\"family\":\"Okafor\",\"given\":\"Ada\",\"identifier\":\"MRN-7\",\"birthDate\":\"1980-02-01\"}";
    /** The patient with what the REMS form asks at check-in. */
    private static final String PATIENT_WITH_HISTORY = PATIENT.replace("}",
            ",\"sex\":\"female\",\"firstTreatment\":false,\"concomitant\":[\"opioids\",\"maois\"]}");
    private static final String DOSE = "{\"drug\":\"esketamine\",\"route\":\"nasal\",\"doseMg\":56,\"lot\":\"LOT-42\"}";
    private static final String ALERT = "{\"sedation\":5,\"dissociation\":\"none\",\"respiratoryDepression\":false,\"note\":\"chatting\"}";

    @TempDir
    Path storage;

    private final MovableClock clock = new MovableClock();
    private ScenarioWard ward;

    @BeforeEach
    void givenAChairWithAnOximeterAndASunTechCuff() throws Exception {
        ScenarioWard.Device oximeter = ScenarioWard.tcp("bed-1-oximeter", "masimo", Scenarios.normal(), 1);
        ScenarioWard.Device cuff = ScenarioWard.tcp("bed-1-nibp", "suntech", () -> new SunTechModuleSimulator(CUFF_CYCLE), Scenarios.normal(), 1);
        VigilConfig plain = TestWards.config(storage, List.of(TestWards.bed("bed-1", oximeter.config(), cuff.config())));
        // export on, to a server that is not there: what the session queues for it stays pending
        VigilConfig exporting = new VigilConfig(plain.http(), plain.mqtt(), plain.storage(),
                new ExportSettings("http://127.0.0.1:" + FreePorts.next() + "/fhir", null, null, null),
                plain.beds(), plain.users(), plain.hl7(), plain.configDirectory(), plain.ha());
        ward = ScenarioWard.start(exporting, Map.of("bed-1", List.of(oximeter, cuff)), clock);
        await("both devices connected").atMost(CONNECT).until(() -> {
            JsonNode devices = ward.getJson("/api/beds/bed-1").path("devices");
            return devices.size() == 2 && devices.get(0).path("status").asText().matches("CONNECTED|STREAMING")
                    && devices.get(1).path("status").asText().matches("CONNECTED|STREAMING");
        });
    }

    @AfterEach
    void stop() {
        if (ward != null) ward.close();
    }

    @Test
    void aSessionRunsFromCheckInToSignOffAndTheScheduleCommandsTheCuffAtEachDueTime() throws Exception {
        // when: the patient is checked in
        String id = givenACheckedInPatient();

        // then: the schedule takes the pre-dose BP, and with it the baseline
        await("pre-dose BP measured by the cuff").atMost(MEASURED).until(() -> bp(id, "pre-dose").path("status").asText().equals("MEASURED"));
        await("baseline taken").atMost(ofSeconds(5)).until(() -> !session(id).path("baseline").isNull());
        JsonNode baseline = session(id).path("baseline");
        assertThat(baseline.path("systolic").asDouble()).isBetween(80.0, 200.0);
        assertThat(baseline.path("spo2").asDouble()).isBetween(85.0, 100.0);
        assertThat(session(id).path("phase").asText()).isEqualTo("BASELINE");
        assertThat(ward.getJson("/api/beds/bed-1").path("patient").asText()).isEqualTo("Ada Okafor");

        // when: the dose is given
        HttpResponse<String> dosed = ward.post("/api/sessions/" + id + "/dose", DOSE);
        assertThat(dosed.statusCode()).as(dosed.body()).isEqualTo(200);
        JsonNode afterDose = JSON.readTree(dosed.body());
        Instant doseTime = Instant.parse(afterDose.path("doses").get(0).path("time").asText());
        assertThat(afterDose.path("phase").asText()).isEqualTo("ONSET");
        assertThat(afterDose.path("doses").get(0).path("doseMg").asDouble()).isEqualTo(56.0);
        assertThat(Instant.parse(afterDose.path("nextBpDue").asText())).isEqualTo(doseTime.plus(Duration.ofMinutes(40)));

        // and 40 minutes pass on the gateway's clock
        clock.advance(Duration.ofMinutes(40));

        // then: the cuff is commanded for the +40 min reading
        await("+40 min BP measured by the cuff").atMost(MEASURED).until(() -> bp(id, "+40 min").path("status").asText().equals("MEASURED"));
        assertThat(session(id).path("phase").asText()).isEqualTo("PEAK");

        // when: the vitals are back within the band of the baseline, the patient is alert again and two hours have passed
        await("vitals judged within the baseline band").atMost(ofSeconds(5)).until(() ->
                criterion(id, "vitals-at-baseline").path("detail").asText().startsWith("within the band since"));
        assertThat(ward.post("/api/sessions/" + id + "/assessments", ALERT).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(75));
        await("+115 min BP measured by the cuff").atMost(MEASURED).until(() -> bp(id, "+115 min").path("status").asText().equals("MEASURED"));
        clock.advance(Duration.ofMinutes(6));

        // then: readiness is met and sign-off needs no override
        await("readiness met").atMost(ofSeconds(5)).untilAsserted(() -> {
            JsonNode readiness = session(id).path("readiness");
            assertThat(readiness.path("met").asBoolean()).as(readiness.toString()).isTrue();
        });
        await("ready-at recorded").atMost(ofSeconds(5)).until(() -> session(id).hasNonNull("readyAt"));
        assertThat(Instant.parse(session(id).path("readyAt").asText())).isAfterOrEqualTo(doseTime.plus(Duration.ofHours(2)));
        assertThat(session(id).path("readiness").path("criteria")).extracting(c -> c.path("id").asText())
                .containsExactly("observed-minimum", "sedation-resolved", "dissociation-resolved", "no-respiratory-depression",
                        "vitals-at-baseline", "no-physiological-alarm");
        assertThat(session(id).path("phase").asText()).isEqualTo("RECOVERY");
        assertThat(session(id).path("minutesSinceDose").asLong()).isGreaterThanOrEqualTo(121);
        assertThat(ward.get("/api/sessions/" + id + "/report.pdf").statusCode()).as("no report before sign-off").isEqualTo(409);
        HttpResponse<String> signed = ward.post("/api/sessions/" + id + "/sign-off", "{}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        JsonNode done = session(id);
        assertThat(done.path("phase").asText()).isEqualTo("SIGNED_OFF");
        assertThat(done.path("signOff").path("overrideReason").isNull()).isTrue();
        assertThat(done.path("readyAt").asText()).isNotEmpty();
        assertThat(done.path("assessments").get(0).path("sedation").asInt()).isEqualTo(5);

        // and the signed report holds the dose, the three BP readings, the monitoring minutes and the ready-at time
        String report = reportText(id);
        assertThat(report).contains("esketamine 56 mg nasal, lot LOT-42");
        for (String label : List.of("pre-dose", "+40 min", "+115 min")) {
            JsonNode reading = bp(id, label);
            assertThat(report).as(label).contains(Math.round(reading.path("systolic").asDouble()) + "/"
                    + Math.round(reading.path("diastolic").asDouble()) + " mmHg");
        }
        long minutes = Duration.between(Instant.parse(done.path("checkedInAt").asText()),
                Instant.parse(done.path("signOff").path("at").asText())).toMinutes();
        assertThat(report).contains("Total monitoring: " + minutes + " minutes");
        assertThat(report).contains("Ready to leave at: " + SessionReportPdf.TIME.format(Instant.parse(done.path("readyAt").asText())));
        assertThat(report).contains("Monitoring provider signature");

        // and its FHIR resources are found through the FHIR API, linked to the Encounter, valid R4, and queued for export
        List<String> fhir = List.of("/fhir/Encounter/" + id, "/fhir/QuestionnaireResponse?encounter=Encounter/" + id,
                "/fhir/MedicationAdministration?context=Encounter/" + id, "/fhir/Questionnaire/rems-patient-monitoring");
        for (String path : fhir) {
            HttpResponse<String> answer = ward.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            var resource = FhirContextHolder.r4().newJsonParser().parseResource(answer.body());
            if (resource instanceof org.hl7.fhir.r4.model.Bundle bundle) {
                assertThat(bundle.getEntry()).as(path).hasSize(1);
                resource = bundle.getEntryFirstRep().getResource();
            }
            assertThat(R4Conformance.errorsOf(resource)).as(path).isEmpty();
        }
        assertThat(ward.gateway().outbox().pending(1000)).extracting(e -> e.resourceType())
                .contains("Encounter", "MedicationAdministration", "QuestionnaireResponse");

        // and the session takes no more changes, and the chair is free
        assertThat(ward.post("/api/sessions/" + id + "/assessments", ALERT).statusCode()).isEqualTo(409);
        assertThat(ward.getJson("/api/beds/bed-1").path("patient").isNull()).isTrue();
        JsonNode listed = ward.getJson("/api/beds/bed-1/sessions?since=" + done.path("checkedInAt").asText());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(id);
    }

    @Test
    void badInputIsRefusedWithAClearMessageAndChangesNothing() throws Exception {
        // a dose before check-in: there is no session to give it in
        HttpResponse<String> noSession = ward.post("/api/sessions/no-such-session/dose", DOSE);
        assertThat(noSession.statusCode()).isEqualTo(404);
        assertThat(noSession.body()).contains("check the patient in first");

        // unknown fields and missing ones, at check-in
        HttpResponse<String> misspelt = ward.post("/api/beds/bed-1/sessions", PATIENT.replace("\"given\"", "\"givn\""));
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(misspelt.body()).contains("unknown field 'givn'");
        assertThat(ward.post("/api/beds/bed-1/sessions", "{\"given\":\"Ada\",\"identifier\":\"MRN-7\"}").statusCode()).isEqualTo(400);
        // and what the REMS form asks, out of its range
        Map<String, String> badHistory = Map.of("\"sex\":\"f\"", "sex must be one of male, female, other, unknown",
                "\"firstTreatment\":\"yes\"", "firstTreatment must be true or false",
                "\"concomitant\":\"opioids\"", "concomitant must be a list",
                "\"concomitant\":[\"aspirin\"]", "concomitant medicines must be among");
        for (var bad : badHistory.entrySet()) {
            HttpResponse<String> refused = ward.post("/api/beds/bed-1/sessions", PATIENT.replace("}", "," + bad.getKey() + "}"));
            assertThat(refused.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(refused.body()).as(bad.getKey()).contains(bad.getValue());
        }
        assertThat(ward.getJson("/api/beds/bed-1/sessions")).isEmpty();

        String id = givenACheckedInPatient();
        assertThat(ward.post("/api/beds/bed-1/sessions", PATIENT).statusCode()).as("a second check-in at the chair").isEqualTo(409);
        assertThat(ward.post("/api/beds/bed-1/dose", "{}").statusCode()).as("the bed's dose time, with a session open").isEqualTo(409);

        // bad doses
        assertThat(ward.post("/api/sessions/" + id + "/dose", DOSE.replace("56", "-1")).body()).contains("doseMg");
        assertThat(ward.post("/api/sessions/" + id + "/dose", DOSE.replace("}", ",\"batch\":\"x\"}")).statusCode()).isEqualTo(400);
        assertThat(ward.post("/api/sessions/" + id + "/dose", DOSE.replace("}", ",\"vitalsAcceptable\":1}")).body())
                .contains("vitalsAcceptable must be true or false");
        HttpResponse<String> beforeCheckIn = ward.post("/api/sessions/" + id + "/dose",
                DOSE.replace("}", ",\"time\":\"2020-01-01T00:00:00Z\"}"));
        assertThat(beforeCheckIn.statusCode()).isEqualTo(400);
        assertThat(beforeCheckIn.body()).contains("before the check-in");
        assertThat(session(id).path("doses")).isEmpty();

        // a second dose where the profile allows one
        assertThat(ward.post("/api/sessions/" + id + "/dose", DOSE).statusCode()).isEqualTo(200);
        HttpResponse<String> second = ward.post("/api/sessions/" + id + "/dose", DOSE.replace("56", "28"));
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("allows no more");
        assertThat(session(id).path("doses")).hasSize(1);

        // bad assessments
        assertThat(ward.post("/api/sessions/" + id + "/assessments", ALERT.replace("5", "7")).body()).contains("MOAA/S");
        assertThat(ward.post("/api/sessions/" + id + "/assessments", ALERT.replace("none", "some")).statusCode()).isEqualTo(400);
        assertThat(session(id).path("assessments")).isEmpty();

        // sign-off with readiness unmet and no reason
        HttpResponse<String> early = ward.post("/api/sessions/" + id + "/sign-off", "{}");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.body()).contains("readiness is not met").contains("observed-minimum").contains("overrideReason");
        assertThat(session(id).path("signOff").isNull()).isTrue();
        assertThat(session(id).path("phase").asText()).isEqualTo("ONSET");

        // with a reason it is signed off, the reason kept
        HttpResponse<String> overridden = ward.post("/api/sessions/" + id + "/sign-off",
                "{\"overrideReason\":\"patient left against advice\"}");
        assertThat(overridden.statusCode()).as(overridden.body()).isEqualTo(200);
        assertThat(session(id).path("signOff").path("overrideReason").asText()).isEqualTo("patient left against advice");
    }

    @Test
    void aRestartInTheMiddleOfASessionKeepsItAndItsSchedule() throws Exception {
        // given: a dosed session whose pre-dose reading the cuff took
        HttpResponse<String> checkedIn = ward.post("/api/beds/bed-1/sessions", PATIENT_WITH_HISTORY);
        assertThat(checkedIn.statusCode()).as(checkedIn.body()).isEqualTo(201);
        String id = JSON.readTree(checkedIn.body()).path("id").asText();
        await("pre-dose BP measured by the cuff").atMost(MEASURED).until(() -> bp(id, "pre-dose").path("status").asText().equals("MEASURED"));
        await("baseline taken").atMost(ofSeconds(5)).until(() -> !session(id).path("baseline").isNull());
        assertThat(ward.post("/api/sessions/" + id + "/dose", DOSE).statusCode()).isEqualTo(200);
        assertThat(ward.post("/api/sessions/" + id + "/assessments", ALERT.replace("5", "3")).statusCode()).isEqualTo(200);
        JsonNode before = session(id);

        // when
        ward.restartGateway();

        // then: the session is all there, in its phase, and the bed has its patient and its dose time
        JsonNode after = session(id);
        assertThat(after.path("phase").asText()).isEqualTo("ONSET");
        assertThat(after.path("doses")).isEqualTo(before.path("doses"));
        assertThat(after.path("assessments")).isEqualTo(before.path("assessments"));
        assertThat(after.path("baseline")).isEqualTo(before.path("baseline"));
        assertThat(after.path("patient")).isEqualTo(before.path("patient"));
        assertThat(after.path("patient").path("sex").asText()).isEqualTo("female");
        assertThat(after.path("patient").path("firstTreatment").asBoolean(true)).isFalse();
        assertThat(after.path("patient").path("concomitant")).extracting(JsonNode::asText).containsExactly("maois", "opioids");
        assertThat(after.path("doses").get(0).path("vitalsAcceptable").asBoolean()).as("derived from the clear pre-dose gate").isTrue();
        assertThat(after.path("nextBpDue")).isEqualTo(before.path("nextBpDue"));
        assertThat(ward.getJson("/api/beds/bed-1").path("patient").asText()).isEqualTo("Ada Okafor");
        Instant doseTime = Instant.parse(after.path("doses").get(0).path("time").asText());
        var bed = ward.gateway().ward().bed("bed-1").orElseThrow();
        assertThat(ward.gateway().alarms().onBedAlarms(bed, alarms -> alarms.doseTime()).get()).isEqualTo(doseTime);

        // and the schedule goes on: the +40 min reading is commanded by the new gateway
        await("bed-1 cuff connected to the new gateway").atMost(CONNECT).until(() ->
                ward.getJson("/api/beds/bed-1").path("devices").get(1).path("status").asText().matches("CONNECTED|STREAMING"));
        clock.advance(Duration.ofMinutes(40));
        await("+40 min BP measured after the restart").atMost(MEASURED)
                .until(() -> bp(id, "+40 min").path("status").asText().equals("MEASURED"));

        // and a stable window that began before a restart goes on after it
        await("vitals within the baseline band").atMost(ofSeconds(5)).until(() ->
                criterion(id, "vitals-at-baseline").path("detail").asText().startsWith("within the band since"));
        String window = criterion(id, "vitals-at-baseline").path("detail").asText();
        ward.restartGateway();
        await("the stable window kept after the second restart").atMost(CONNECT).untilAsserted(() ->
                assertThat(criterion(id, "vitals-at-baseline").path("detail").asText()).endsWith(window));
    }

    @Test
    void aNurseMarksAnArtefactNotValidWithAReasonTheChartLeavesItOutAndTheRawSampleIsKept() throws Exception {
        // given: the pre-dose BP measured
        String id = givenACheckedInPatient();
        await("pre-dose BP measured by the cuff").atMost(MEASURED).until(() -> bp(id, "pre-dose").path("status").asText().equals("MEASURED"));
        Instant measuredAt = Instant.parse(bp(id, "pre-dose").path("measuredAt").asText());
        String artefact = "{\"vital\":\"BP_SYS\",\"time\":\"" + measuredAt + "\",\"reason\":\"patient moved the arm\"}";

        // refused: no reason, an unknown vital, a time with no sample
        assertThat(ward.post("/api/sessions/" + id + "/artefacts", artefact.replace(",\"reason\":\"patient moved the arm\"", ""))
                .statusCode()).isEqualTo(400);
        assertThat(ward.post("/api/sessions/" + id + "/artefacts", artefact.replace("BP_SYS", "BP_TOP")).body()).contains("vital must be");
        HttpResponse<String> noSample = ward.post("/api/sessions/" + id + "/artefacts",
                artefact.replace(measuredAt.toString(), measuredAt.plusSeconds(1).toString()));
        assertThat(noSample.statusCode()).isEqualTo(409);
        assertThat(noSample.body()).contains("no BP_SYS sample");
        assertThat(session(id).path("artefacts")).isEmpty();

        // when
        HttpResponse<String> marked = ward.post("/api/sessions/" + id + "/artefacts", artefact);

        // then: the whole measurement is marked, audited with its reason, and the chart leaves it out
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        JsonNode artefacts = session(id).path("artefacts");
        assertThat(artefacts).extracting(a -> a.path("vital").asText()).contains("BP_SYS", "BP_DIA");
        assertThat(artefacts.get(0).path("reason").asText()).isEqualTo("patient moved the arm");
        assertThat(bp(id, "pre-dose").path("status").asText()).isEqualTo("DUE");
        assertThat(ward.post("/api/sessions/" + id + "/artefacts", artefact).statusCode()).as("marked twice").isEqualTo(409);

        // and the raw sample is kept
        var raw = new org.vigil.gateway.storage.SampleRepository(ward.gateway().database())
                .samples("bed-1", org.vigil.model.VitalSign.BP_SYS, measuredAt, measuredAt.plusSeconds(1));
        assertThat(raw).hasSize(1);
    }

    private String givenACheckedInPatient() throws Exception {
        HttpResponse<String> checkedIn = ward.post("/api/beds/bed-1/sessions", PATIENT);
        assertThat(checkedIn.statusCode()).as(checkedIn.body()).isEqualTo(201);
        return JSON.readTree(checkedIn.body()).path("id").asText();
    }

    private JsonNode session(String id) throws Exception {
        return ward.getJson("/api/sessions/" + id);
    }

    private String reportText(String id) throws Exception {
        HttpResponse<byte[]> pdf = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(ward.uri("/api/sessions/" + id + "/report.pdf")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(document);
        }
    }

    private JsonNode criterion(String id, String criterion) throws Exception {
        for (JsonNode c : session(id).path("readiness").path("criteria")) {
            if (c.path("id").asText().equals(criterion)) return c;
        }
        return JSON.createObjectNode();
    }

    private JsonNode bp(String id, String label) throws Exception {
        for (JsonNode reading : session(id).path("bpSchedule")) {
            if (reading.path("label").asText().equals(label)) return reading;
        }
        return JSON.createObjectNode();
    }
}
