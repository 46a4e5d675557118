package org.vigil.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.auth.SessionAccess;
import org.vigil.gateway.auth.TestUsers;
import org.vigil.gateway.config.HttpConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.demo.SimulatedDeviceAccounts;
import org.vigil.gateway.demo.SimulatedWard;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.fhir.R4Conformance;
import org.vigil.gateway.sessions.SessionReportPdf;
import org.vigil.gateway.sessions.SessionWatch;
import org.vigil.gateway.support.TestWards;
import org.vigil.model.ScaledClock;
import org.vigil.simulators.scenario.Scenarios;
import org.vigil.simulators.suntech.SunTechModuleSimulator;

/**
 * A nurse runs a whole simulated ketamine session from the dashboard in Debian's headless Chromium,
 * on a ward clock 60 times faster than real time (two hours in two minutes): check-in, the baseline
 * the SunTech cuff takes, the dose, the desaturation and the blood-pressure rise with their alarms,
 * the assessments, readiness reached, sign-off, and the report. Every wait is bounded by its span of
 * ward time on the base clock, plus what the page and the machine need.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WholeSessionInBrowserTest {

    private static final double SCALE = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT = Duration.ofSeconds(20);
    /** The page fetches sessions every 5 s and re-renders every second; a busy machine adds to both. */
    private static final Duration PAGE = Duration.ofSeconds(15);

    @TempDir
    static Path storage;
    @TempDir
    static Path profiles;

    private final ScaledClock clock = ScaledClock.startingNow(Clock.systemUTC(), SCALE);
    private VigilConfig config;
    private SimulatedWard simulators;
    private Gateway gateway;
    private ChromeDriver browser;

    @BeforeAll
    void givenAChairWithAnOximeterAndASunTechCuffOnAFastWardClock() throws Exception {
        HeadlessChromium.requireInstalled();
        config = TestWards.config(storage, List.of(TestWards.bed("bed-1",
                TestWards.tcp("bed-1-oximeter", "masimo"), TestWards.tcp("bed-1-nibp", "suntech")))).withUsers(TestUsers.all());
        simulators = SimulatedWard.onClock(config, Map.of(), clock, SimulatedDeviceAccounts.none());
        simulators.startTcpDevices();
        gateway = Gateway.start(config, SessionAccess.of(config.users()), clock);
        config = config.withHttp(new HttpConfig("127.0.0.1", gateway.httpPort()));
        browser = HeadlessChromium.start(profiles.resolve("nurse"));
    }

    @AfterAll
    void stopAll() {
        if (browser != null) browser.quit();
        if (simulators != null) simulators.close();
        if (gateway != null) gateway.close();
    }

    @Test
    void aWholeSessionFromCheckInToTheSignedReportWithTheBloodPressureRiseAndReadinessReached() throws Exception {
        givenASignedInNurse();

        // check-in, and the patient starts the session's scenario
        tile().findElement(By.cssSelector("button.details")).click();
        WebElement checkIn = browser.findElement(By.id("checkin-form"));
        checkIn.findElement(By.name("family")).sendKeys("Okafor");
        checkIn.findElement(By.name("given")).sendKeys("Ada");
        checkIn.findElement(By.name("identifier")).sendKeys("MRN-7");
        new Select(checkIn.findElement(By.name("sex"))).selectByValue("female");
        new Select(checkIn.findElement(By.name("firstTreatment"))).selectByValue("true");
        checkIn.findElement(By.name("concomitantRecorded")).click();
        checkIn.findElement(By.cssSelector("input[name=concomitant][value=benzodiazepines]")).click();
        checkIn.findElement(By.cssSelector("button[type=submit]")).click();
        simulators.play("bed-1", Scenarios.ketamineSession());
        waitFor("the tile shows the session").atMost(PAGE).untilAsserted(() ->
                assertThat(tile().findElement(By.cssSelector(".session")).getText()).matches("(checked in|baseline).*"));
        String id = openSession().path("id").asText();

        // the cuff takes the pre-dose reading, and with it the baseline
        waitFor("baseline taken").atMost(ward(SunTechModuleSimulator.DEFAULT_CYCLE.plus(SessionWatch.PERIOD)).plus(PAGE))
                .untilAsserted(() -> assertThat(tile().getAttribute("data-phase")).isEqualTo("BASELINE"));
        assertThat(bp(id, "pre-dose").path("status").asText()).isEqualTo("MEASURED");

        // the dose, with the scenario's own dose a few ward minutes from check-in
        WebElement dose = browser.findElement(By.id("dose-form"));
        dose.findElement(By.name("doseMg")).sendKeys("56");
        dose.findElement(By.name("lot")).sendKeys("LOT-42");
        dose.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("the onset phase with the next BP due").atMost(PAGE).untilAsserted(() ->
                assertThat(tile().findElement(By.cssSelector(".session")).getText())
                        .startsWith("onset").contains("min since dose").contains("BP due in"));
        Instant doseTime = Instant.parse(openSession().path("doses").get(0).path("time").asText());
        screenshot("whole-session-onset.png");

        // sedated and dissociated in the onset
        assess("3", "moderate", "eyes closed, answers when called loudly");

        // the onset desaturation raises the high-priority SpO2 alarm
        waitFor("the SpO2 alarm on the tile").atMost(ward(Duration.ofMinutes(20)).plus(PAGE)).until(() ->
                !tile().findElements(By.cssSelector(".alarm[data-alarm*='/spo2-critical/']")).isEmpty());

        // the +40 min reading shows the blood-pressure rise, and the hypertension alarm follows it
        waitFor("the +40 min BP").atMost(ward(Duration.ofMinutes(42)).plus(PAGE)).until(() ->
                bp(id, "+40 min").path("status").asText().equals("MEASURED"));
        JsonNode atForty = bp(id, "+40 min");
        assertThat(atForty.path("systolic").asDouble()).as("systolic at +40 min").isGreaterThan(180);
        // the profile confirms a high pressure with the next reading, so the nurse repeats it at once
        browser.findElement(By.id("measure-bp")).click();
        waitFor("the hypertension alarm on the tile").atMost(ward(SunTechModuleSimulator.DEFAULT_CYCLE).plus(PAGE)).until(() ->
                !tile().findElements(By.cssSelector(".alarm[data-alarm*='/hypertension/']")).isEmpty());
        screenshot("whole-session-hypertension.png");
        JsonNode hypertension = logged(doseTime, "hypertension", "RAISED");
        assertThat(Instant.parse(hypertension.path("changedAt").asText()))
                .as("raised by the repeat of the +40 min reading, on the gateway's clock")
                .isBetween(Instant.parse(atForty.path("measuredAt").asText()), doseTime.plus(Duration.ofMinutes(50)));

        // once the pressure is down again the nurse acknowledges the latched alarms, and the patient is alert
        waitFor("the +70 min BP").atMost(ward(Duration.ofMinutes(32)).plus(PAGE)).until(() ->
                bp(id, "+70 min").path("status").asText().equals("MEASURED"));
        acknowledgeTheChairsAlarms();
        assess("5", "none", "alert, oriented, no dizziness");

        // readiness: two hours since the dose, vitals back at baseline, no alarm in force, alert
        waitFor("ready on the tile").atMost(ward(Duration.ofMinutes(55)).plus(PAGE)).untilAsserted(() ->
                assertThat(tile().findElement(By.cssSelector(".session")).getText()).contains("ready ✓"));
        Instant spo2At = Instant.parse(getJson("/api/beds/bed-1").path("vitals").path("SPO2").path("time").asText());
        assertThat(spo2At).as("the latest SpO2 is a reading of the ward clock's last seconds")
                .isBetween(clock.instant().minus(Duration.ofMinutes(5)), clock.instant());
        JsonNode ready = openSession();
        Instant readyAt = Instant.parse(ready.path("readyAt").asText());
        assertThat(readyAt).isAfterOrEqualTo(doseTime.plus(Duration.ofHours(2)));
        waitFor("the readiness checklist all met").atMost(PAGE).until(() ->
                browser.findElements(By.cssSelector("#readiness li.unmet")).isEmpty()
                        && !browser.findElements(By.cssSelector("#readiness li.met")).isEmpty());
        screenshot("whole-session-ready.png");

        // sign-off needs no override, and the report is in the past sessions
        browser.findElement(By.id("signoff-form")).findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("the signed-off session in the past sessions").atMost(PAGE).until(() ->
                !browser.findElements(By.cssSelector("#past-sessions a.report")).isEmpty());
        JsonNode done = getJson("/api/sessions/" + id);
        assertThat(done.path("phase").asText()).isEqualTo("SIGNED_OFF");
        assertThat(done.path("signOff").path("overrideReason").isNull()).isTrue();

        // the report holds the dose, the three BP readings, the monitoring minutes and the ready-at time
        String report = reportText(browser.findElement(By.cssSelector("#past-sessions a.report")).getAttribute("href"));
        assertThat(report).contains("esketamine 56 mg nasal, lot LOT-42").contains("vital signs acceptable before dosing: yes")
                .contains("Sex: female   First treatment: yes").contains("Concomitant medicines: benzodiazepines");
        List<JsonNode> measured = new ArrayList<>();
        done.path("bpSchedule").forEach(r -> { if (r.path("status").asText().equals("MEASURED")) measured.add(r); });
        for (JsonNode reading : List.of(bp(done, "pre-dose"), bp(done, "+40 min"), measured.get(measured.size() - 1))) {
            assertThat(report).as(reading.path("label").asText()).contains(Math.round(reading.path("systolic").asDouble()) + "/"
                    + Math.round(reading.path("diastolic").asDouble()) + " mmHg");
        }
        long minutes = Duration.between(Instant.parse(done.path("checkedInAt").asText()),
                Instant.parse(done.path("signOff").path("at").asText())).toMinutes();
        assertThat(minutes).isGreaterThanOrEqualTo(120);
        assertThat(report).contains("Total monitoring: " + minutes + " minutes");
        assertThat(report).contains("Ready to leave at: " + SessionReportPdf.TIME.format(readyAt));

        // and the session's FHIR resources, its Observations included, validate against R4 with no error
        Bundle bundle = sessionBundle(id, done);
        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType())
                .contains("Encounter", "MedicationAdministration", "QuestionnaireResponse", "Observation");
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            assertThat(R4Conformance.errorsOf(entry.getResource())).as(entry.getResource().fhirType()).isEmpty();
        }
        assertThat(R4Conformance.errorsOf(bundle)).as("the session bundle").isEmpty();
        var rems = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(org.hl7.fhir.r4.model.QuestionnaireResponse.class::isInstance)
                .map(org.hl7.fhir.r4.model.QuestionnaireResponse.class::cast).findFirst().orElseThrow();
        assertThat(answer(rems, "sex")).isEqualTo("female");
        assertThat(answer(rems, "first-treatment")).isEqualTo("true");
        assertThat(answer(rems, "concomitant-benzodiazepines")).isEqualTo("true");
        assertThat(answer(rems, "concomitant-opioids")).isEqualTo("false");
        assertThat(answer(rems, "vitals-acceptable-before-dosing")).isEqualTo("true");
        assertThat(answer(rems, "bp-40-minutes")).isEqualTo(Math.round(bp(done, "+40 min").path("systolic").asDouble()) + "/"
                + Math.round(bp(done, "+40 min").path("diastolic").asDouble()) + " mmHg");
    }

    private static String answer(org.hl7.fhir.r4.model.QuestionnaireResponse response, String linkId) {
        var value = response.getItem().stream().filter(i -> i.getLinkId().equals(linkId)).findFirst()
                .orElseThrow(() -> new AssertionError("no answer to " + linkId)).getAnswerFirstRep().getValue();
        return value instanceof org.hl7.fhir.r4.model.Coding coding ? coding.getCode() : value.primitiveValue();
    }

    private void givenASignedInNurse() {
        browser.get(base());
        HeadlessChromium.signIn(browser, "nurse", CONNECT);
        waitFor("the chair's tile").atMost(CONNECT).until(() -> !browser.findElements(By.cssSelector("section.bed[data-bed=bed-1]")).isEmpty());
    }

    private void assess(String sedation, String dissociation, String note) {
        int before = openSession().path("assessments").size();
        WebElement assessment = browser.findElement(By.id("assessment-form"));
        new Select(assessment.findElement(By.name("sedation"))).selectByValue(sedation);
        new Select(assessment.findElement(By.name("dissociation"))).selectByVisibleText(dissociation);
        WebElement noteField = assessment.findElement(By.name("note"));
        noteField.clear();
        noteField.sendKeys(note);
        assessment.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("the assessment recorded").atMost(PAGE).until(() -> openSession().path("assessments").size() == before + 1);
    }

    /** Back at the ward view, clicks every acknowledge button of the chair until none is left; then the panel again. */
    private void acknowledgeTheChairsAlarms() {
        browser.findElement(By.id("detail-close")).click();
        waitFor("every alarm of the chair acknowledged").atMost(PAGE).until(() -> {
            List<WebElement> buttons = tile().findElements(By.cssSelector(".alarm button.ack"));
            for (WebElement button : buttons) button.click();
            return buttons.isEmpty() && getJson("/api/alarms?state=active").findValues("bed").stream()
                    .noneMatch(bed -> bed.asText().equals("bed-1"));
        });
        tile().findElement(By.cssSelector("button.details")).click();
    }

    /** {@code span} of ward time, on the base clock. */
    private Duration ward(Duration span) {
        return clock.toBase(span);
    }

    private JsonNode openSession() {
        JsonNode sessions = getJson("/api/beds/bed-1/sessions?since=" + encode(Instant.EPOCH.toString()));
        JsonNode open = null;
        for (JsonNode session : sessions) if (session.path("signOff").isNull()) open = session;
        if (open == null) throw new AssertionError("no open session at bed-1: " + sessions);
        return open;
    }

    private JsonNode bp(String id, String label) {
        return bp(getJson("/api/sessions/" + id), label);
    }

    private static JsonNode bp(JsonNode session, String label) {
        for (JsonNode reading : session.path("bpSchedule")) if (reading.path("label").asText().equals(label)) return reading;
        throw new AssertionError("no BP " + label + " in " + session.path("bpSchedule"));
    }

    private JsonNode logged(Instant since, String rule, String transition) {
        for (JsonNode entry : getJson("/api/alarms?bed=bed-1&since=" + encode(since.minusSeconds(3600).toString()) + "&limit=1000")) {
            if (entry.path("rule").asText().equals(rule) && entry.path("transition").asText().equals(transition)) return entry;
        }
        throw new AssertionError("no " + transition + " of " + rule + " in the alarm log");
    }

    private Bundle sessionBundle(String id, JsonNode session) throws Exception {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        String patient = getJson("/fhir/Encounter/" + id).path("subject").path("reference").asText();
        List<String> searches = List.of("/fhir/Encounter/" + id, "/fhir/" + patient,
                "/fhir/MedicationAdministration?context=Encounter/" + id,
                "/fhir/QuestionnaireResponse?encounter=Encounter/" + id,
                "/fhir/Observation?subject=" + patient + "&_count=200"
                        + "&date=ge" + encode(session.path("checkedInAt").asText())
                        + "&date=le" + encode(session.path("signOff").path("at").asText()));
        for (String path : searches) {
            IBaseResource resource = FhirContextHolder.r4().newJsonParser().parseResource(get(path));
            if (resource instanceof Bundle found) {
                assertThat(found.getEntry()).as(path).isNotEmpty();
                found.getEntry().forEach(e -> bundle.addEntry().setFullUrl(e.getFullUrl()).setResource(e.getResource()));
            } else {
                bundle.addEntry().setFullUrl(base() + "fhir/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
                        .setResource((org.hl7.fhir.r4.model.Resource) resource);
            }
        }
        return bundle;
    }

    private String reportText(String href) throws Exception {
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
                .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(document);
        }
    }

    private JsonNode getJson(String path) {
        try {
            return JSON.readTree(get(path));
        } catch (Exception e) {
            throw new AssertionError("GET " + path, e);
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + path.substring(1)))
                .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("nurse:" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static org.awaitility.core.ConditionFactory waitFor(String what) {
        return HeadlessChromium.waitFor(what);
    }

    private WebElement tile() {
        return browser.findElement(By.cssSelector("section.bed[data-bed=bed-1]"));
    }

    private void screenshot(String name) throws Exception {
        Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, HeadlessChromium.screenshots().resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private String base() {
        return "http://127.0.0.1:" + config.http().port() + "/";
    }
}
