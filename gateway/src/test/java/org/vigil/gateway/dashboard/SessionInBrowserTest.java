package org.vigil.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import org.vigil.gateway.demo.SimulatedWard;
import org.vigil.gateway.sessions.SessionWatch;
import org.vigil.gateway.support.TestWards;
import org.vigil.simulators.suntech.SunTechModuleSimulator;

/**
 * A nurse runs a session from the dashboard's session panel in Debian's headless Chromium: check-in,
 * the baseline the SunTech cuff takes, the dose, an assessment, sign-off, and the report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionInBrowserTest {

    private static final Duration CONNECT = Duration.ofSeconds(20);
    /** A commanded measurement, the watch period, and the page's 5 s session refresh. */
    private static final Duration BASELINE = SunTechModuleSimulator.DEFAULT_CYCLE.plus(SessionWatch.PERIOD).plusSeconds(20);
    private static final Duration PAGE_REFRESH = Duration.ofSeconds(12);

    @TempDir
    static Path storage;
    @TempDir
    static Path profiles;

    private VigilConfig config;
    private SimulatedWard simulators;
    private Gateway gateway;
    private ChromeDriver browser;

    @BeforeAll
    void givenAChairWithAnOximeterAndASunTechCuff() throws Exception {
        HeadlessChromium.requireInstalled();
        config = TestWards.config(storage, List.of(TestWards.bed("bed-1",
                TestWards.tcp("bed-1-oximeter", "masimo"), TestWards.tcp("bed-1-nibp", "suntech")))).withUsers(TestUsers.all());
        simulators = new SimulatedWard(config, Map.of(), 1);
        simulators.startTcpDevices();
        gateway = Gateway.start(config, SessionAccess.of(config.users()));
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
    void aNurseChecksInDosesAssessesAndSignsOffFromTheSessionPanelAndDownloadsTheReport() throws Exception {
        browser.get(base());
        waitFor("the sign-in form").atMost(CONNECT).until(() -> browser.findElement(By.id("sign-in")).isDisplayed());
        browser.findElement(By.id("username")).sendKeys("nurse");
        browser.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
        browser.findElement(By.id("sign-in-button")).click();
        waitFor("the chair's tile").atMost(CONNECT).until(() -> !browser.findElements(By.cssSelector("section.bed[data-bed=bed-1]")).isEmpty());

        // check-in
        tile().findElement(By.cssSelector("button.details")).click();
        WebElement checkIn = browser.findElement(By.id("checkin-form"));
        checkIn.findElement(By.name("family")).sendKeys("Okafor");
        checkIn.findElement(By.name("given")).sendKeys("Ada");
        checkIn.findElement(By.name("identifier")).sendKeys("MRN-7");
        checkIn.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("the tile shows the session").atMost(PAGE_REFRESH).untilAsserted(() ->
                assertThat(tile().findElement(By.cssSelector(".session")).getText()).matches("(checked in|baseline).*"));
        assertThat(tile().findElement(By.cssSelector(".patient")).getText()).isEqualTo("Ada Okafor");

        // the cuff takes the pre-dose reading, and with it the baseline
        waitFor("baseline taken").atMost(BASELINE).untilAsserted(() ->
                assertThat(tile().getAttribute("data-phase")).isEqualTo("BASELINE"));
        screenshot("session-checked-in.png");

        // dose
        WebElement dose = browser.findElement(By.id("dose-form"));
        dose.findElement(By.name("doseMg")).sendKeys("56");
        dose.findElement(By.name("lot")).sendKeys("LOT-42");
        dose.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("the onset phase with minutes since the dose and the next BP due").atMost(PAGE_REFRESH).untilAsserted(() ->
                assertThat(tile().findElement(By.cssSelector(".session")).getText())
                        .startsWith("onset").contains("0 min since dose").containsPattern("BP due in (40:00|39:\\d\\d)"));

        // an assessment
        WebElement assessment = browser.findElement(By.id("assessment-form"));
        new Select(assessment.findElement(By.name("sedation"))).selectByValue("3");
        new Select(assessment.findElement(By.name("dissociation"))).selectByVisibleText("moderate");
        assessment.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("the readiness checklist").atMost(PAGE_REFRESH).untilAsserted(() ->
                assertThat(browser.findElement(By.cssSelector("#readiness [data-criterion=sedation-resolved]")).getText())
                        .startsWith("✗").contains("MOAA/S 3"));
        screenshot("session-panel.png");

        // sign-off before readiness needs a reason
        WebElement signOff = browser.findElement(By.id("signoff-form"));
        signOff.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("the refusal").atMost(PAGE_REFRESH).untilAsserted(() ->
                assertThat(browser.findElement(By.id("detail-message")).getText()).contains("readiness is not met"));
        signOff.findElement(By.name("overrideReason")).sendKeys("patient transferred");
        signOff.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor("the signed-off session in the past sessions").atMost(PAGE_REFRESH).until(() ->
                !browser.findElements(By.cssSelector("#past-sessions a.report")).isEmpty());
        waitFor("the tile without a session").atMost(PAGE_REFRESH).untilAsserted(() ->
                assertThat(tile().findElement(By.cssSelector(".session")).getText()).isEmpty());
        screenshot("session-signed-off.png");

        // the report link downloads the PDF
        String report = browser.findElement(By.cssSelector("#past-sessions a.report")).getAttribute("href");
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(report))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("nurse:" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(document))
                    .contains("esketamine 56 mg nasal, lot LOT-42").contains("patient transferred");
        }
    }

    /** The page re-renders every second: an element found a moment ago may be gone, so look again. */
    private static org.awaitility.core.ConditionFactory waitFor(String what) {
        return await(what).ignoreExceptionsInstanceOf(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoreException(org.openqa.selenium.NoSuchElementException.class);
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
