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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.auth.SessionAccess;
import org.vigil.gateway.auth.TestUsers;
import org.vigil.gateway.config.HttpConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.demo.SimulatedWard;
import org.vigil.gateway.support.TestWards;
import org.vigil.simulators.scenario.Scenarios;

/** The dashboard in Debian's headless Chromium against a gateway with four simulated beds. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardInBrowserTest {

    /** Scenarios play this much faster than real time, so that bed 2 desaturates within seconds. */
    private static final double TIME_SCALE = 10;
    /** Devices connect within the driver backoff, then stream at 1 Hz or faster. */
    private static final Duration FIRST_VITALS = Duration.ofSeconds(20);
    /** SpO2 below 88 for the rule's 5 s delay, after the scenario's onset and fall. */
    private static final Duration CRITICAL_DESATURATION = Scenarios.DESATURATION_ONSET.plusSeconds(30)
            .dividedBy((long) TIME_SCALE).plusSeconds(5 + 10);
    /** The page declares the stream lost within 5 s (heartbeat every 2 s). */
    private static final Duration CONNECTION_LOST = Duration.ofSeconds(5);
    private static final Duration RECOVERY = Duration.ofSeconds(20);
    private static final Pattern COUNTDOWN = Pattern.compile("Audio paused (\\d+):(\\d\\d) by nurse");

    @TempDir
    static Path storage;
    @TempDir
    static Path profiles;

    private final HttpClient http = HttpClient.newHttpClient();
    private VigilConfig config;
    private SessionAccess access;
    private SimulatedWard simulators;
    private Gateway gateway;
    private ChromeDriver browser;

    @BeforeAll
    void startGatewayWithBedTwoDesaturating() throws Exception {
        HeadlessChromium.requireInstalled();
        config = TestWards.config(storage, TestWards.fourBeds()).withUsers(TestUsers.all());
        access = SessionAccess.of(config.users());
        simulators = new SimulatedWard(config, Map.of("bed-2", "desaturation"), TIME_SCALE);
        simulators.startTcpDevices();
        gateway = Gateway.start(config, access);
        config = config.withHttp(new HttpConfig("127.0.0.1", gateway.httpPort()));
        simulators.startMqttDevices();
        browser = HeadlessChromium.start(profiles.resolve("nurse"));
    }

    @AfterAll
    void stopAll() {
        if (browser != null) browser.quit();
        if (simulators != null) simulators.close();
        if (gateway != null) gateway.close();
    }

    @Test
    @Order(1)
    void aNurseSignsInAndSeesFourBedsWithChangingValues() throws Exception {
        browser.get(base());
        waitFor("the sign-in form").until(() -> browser.findElement(By.id("sign-in")).isDisplayed());
        signIn(browser, "nurse");

        waitFor("SpO2 and pulse numerals on four beds").atMost(FIRST_VITALS).untilAsserted(() -> {
            List<WebElement> tiles = browser.findElements(By.cssSelector("section.bed"));
            assertThat(tiles).hasSize(4);
            for (WebElement tile : tiles) {
                assertThat(value(tile, "SPO2")).as(tile.getAttribute("data-bed") + " SpO2").matches("\\d+");
                assertThat(value(tile, "PULSE_RATE")).as(tile.getAttribute("data-bed") + " pulse").matches("\\d+");
            }
        });
        Map<String, String> first = numerals();
        waitFor("values that change").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(numerals()).isNotEqualTo(first));
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("LIVE");
        assertThat(tile("bed-1").findElement(By.cssSelector("[data-vital=SPO2] .limits")).getText()).contains("92");
        waitFor("trend lines").untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector("section.bed .trend canvas"))).hasSize(4));
        screenshot(browser, "grid.png");
    }

    @Test
    @Order(2)
    void aDesaturationRaisesAHighAlarmThatSoundsAndIsAcknowledged() throws Exception {
        browser.findElement(By.id("enable-sound")).click();
        waitFor("the sound gate passed").until(() -> Boolean.TRUE.equals(audio().get("enabled")));

        WebElement alarm = waitFor("a high SpO2 alarm on bed 2").atMost(CRITICAL_DESATURATION).until(() ->
                tile("bed-2").findElement(By.cssSelector(".alarm[data-priority=high]")), a -> true);
        assertThat(alarm.findElement(By.cssSelector(".message")).getText()).matches("SpO2 \\d+ < 88");
        assertThat(alarm.findElement(By.cssSelector(".icon")).getText()).isEqualTo("▲▲▲");
        assertThat(alarm.findElement(By.cssSelector(".priority")).getText()).isEqualTo("HIGH");
        assertThat(alarm.getCssValue("background-color")).isEqualTo("rgba(255, 23, 68, 1)");
        assertThat(tile("bed-2").getAttribute("data-alarm")).isEqualTo("high");
        waitFor("the high-priority sound").untilAsserted(() -> assertThat(audio().get("playing")).isEqualTo("high"));
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-audio")).isEqualTo("high");
        screenshot(tile("bed-2"), "tile-in-alarm.png");

        alarm.findElement(By.cssSelector("button.ack")).click();
        waitFor("the alarm acknowledged by the nurse").untilAsserted(() -> {
            WebElement acknowledged = tile("bed-2").findElement(By.cssSelector(".alarm[data-priority=high]"));
            assertThat(acknowledged.getAttribute("data-state")).isEqualTo("acknowledged");
            assertThat(acknowledged.getText()).contains("acknowledged by nurse");
        });
        waitFor("the high-priority sound stopped").untilAsserted(() -> assertThat(audio().get("playing")).isNotEqualTo("high"));
    }

    @Test
    @Order(3)
    void pausingAudioShowsACountdown() {
        tile("bed-2").findElement(By.cssSelector("button.pause")).click();
        int first = waitFor("the pause countdown").until(() -> secondsLeft(tile("bed-2")), left -> left > 0);
        assertThat(first).isBetween(100, 120);
        assertThat(tile("bed-2").getAttribute("class")).contains("paused");
        waitFor("the countdown going down").atMost(Duration.ofSeconds(4))
                .until(() -> secondsLeft(tile("bed-2")), left -> left < first);

        // a heartbeat held up for 30 s on its way does not set the page's clock back by 30 s
        browser.executeScript("heardBeat({ time: new Date(gatewayNow() - 30000).toISOString(), scale: 1 })");
        long behind = -((Number) browser.executeScript("return gatewayNow() - Date.now()")).longValue();
        assertThat(behind).isLessThan(10_000);
    }

    @Test
    @Order(4)
    void theScreenSaysConnectionLostWhenTheGatewayStopsAndRecoversWhenItReturns() throws Exception {
        gateway.close();
        gateway = null;
        waitFor("CONNECTION LOST").atMost(CONNECTION_LOST).untilAsserted(() ->
                assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("CONNECTION LOST"));
        waitFor("the technical tone").untilAsserted(() -> assertThat(audio().get("playing")).isEqualTo("technical"));
        screenshot(browser, "connection-lost.png");
        // IEC 60601-1-8: a technical alarm keeps the priority coding; lost connection is medium, never above a high alarm
        Map<String, Map<String, Object>> patterns = (Map<String, Map<String, Object>>) browser.executeScript("return window.vigilPatterns");
        assertThat(((Number) patterns.get("technical").get("every")).doubleValue())
                .isEqualTo(((Number) patterns.get("medium").get("every")).doubleValue())
                .isGreaterThan(((Number) patterns.get("high").get("every")).doubleValue());
        assertThat((List<?>) patterns.get("technical").get("pulses")).hasSameSizeAs((List<?>) patterns.get("medium").get("pulses"));

        gateway = Gateway.start(config, access);
        waitFor("the page live again").atMost(RECOVERY).untilAsserted(() ->
                assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("LIVE"));
        Map<String, String> before = numerals();
        waitFor("values flowing again").atMost(FIRST_VITALS).untilAsserted(() ->
                assertThat(numerals()).isNotEqualTo(before));
        assertThat(audio().get("playing")).isNotEqualTo("technical");
    }

    @Test
    @Order(5)
    void markupInAPatientNameShowsAsTextForAViewerWhoCannotAcknowledge() throws Exception {
        String family = "<img src=x onerror=\"window.injected=1\">";
        String given = "<script>window.injected=2</script>";
        HttpResponse<String> admitted = http.send(HttpRequest.newBuilder(URI.create(base() + "api/beds/bed-3/admit"))
                .header("Authorization", basic("nurse"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"family\":\"" + family.replace("\"", "\\\"")
                        + "\",\"given\":\"" + given + "\",\"identifier\":\"MRN-1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(200);

        ChromeDriver viewer = HeadlessChromium.start(profiles.resolve("viewer"));
        try {
            viewer.get(base());
            signIn(viewer, "viewer");
            waitFor("the patient's name as text").atMost(FIRST_VITALS).untilAsserted(() ->
                    assertThat(viewer.findElement(By.cssSelector("section.bed[data-bed=bed-3] .patient")).getText())
                            .isEqualTo(given + " " + family));
            assertThat(viewer.executeScript("return window.injected === undefined")).isEqualTo(true);
            assertThat(viewer.findElements(By.cssSelector("section.bed[data-bed=bed-3] .patient img, script:not([src])"))).isEmpty();
            assertThat(viewer.findElements(By.cssSelector("button.ack"))).isEmpty();
            assertThat(viewer.findElements(By.cssSelector("button.pause")).stream().noneMatch(WebElement::isDisplayed)).isTrue();

            viewer.findElement(By.cssSelector("section.bed[data-bed=bed-2] button.details")).click();
            waitFor("bed 2's alarm history").untilAsserted(() -> assertThat(viewer.findElement(By.id("detail-history"))
                    .getText()).contains("SpO2").contains("nurse"));
            assertThat(viewer.findElement(By.id("detail-limits")).getText()).contains("SpO2 critical");
            assertThat(viewer.findElements(By.cssSelector("#detail-limits input"))).isEmpty();
            assertThat(viewer.findElement(By.id("admit-form")).isDisplayed()).isFalse();
            assertThat(viewer.findElement(By.id("measure-bp")).isDisplayed()).isFalse();
        } finally {
            viewer.quit();
        }
    }

    @Test
    @Order(6)
    void aNurseOpensTheBedDetailWithTrendsAndActionsButNoLimitEditing() {
        tile("bed-1").findElement(By.cssSelector("button.details")).click();
        waitFor("bed 1's limits").untilAsserted(() ->
                assertThat(browser.findElement(By.id("detail-limits")).getText()).contains("SpO2 low"));
        assertThat(browser.findElement(By.id("detail-title")).getText()).isEqualTo("Chair 1");
        assertThat(browser.findElements(By.cssSelector("#detail-trend canvas"))).isNotEmpty();
        assertThat(browser.findElement(By.id("measure-bp")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("admit-form")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#detail-limits input"))).isEmpty();
        browser.findElement(By.id("detail-close")).click();
        assertThat(browser.findElement(By.id("detail")).isDisplayed()).isFalse();
    }

    private void signIn(WebDriver driver, String user) {
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
        driver.findElement(By.id("sign-in-button")).click();
        waitFor("signed in as " + user).untilAsserted(() ->
                assertThat(driver.findElement(By.id("who")).getText()).isEqualTo(user + " · " + user));
    }

    private WebElement tile(String bed) {
        return browser.findElement(By.cssSelector("section.bed[data-bed=" + bed + "]"));
    }

    private static String value(WebElement tile, String vital) {
        return tile.findElement(By.cssSelector("[data-vital=" + vital + "] .value")).getText();
    }

    private Map<String, String> numerals() {
        Map<String, String> values = new HashMap<>();
        for (WebElement tile : browser.findElements(By.cssSelector("section.bed"))) {
            String bed = tile.getAttribute("data-bed");
            values.put(bed + " SpO2", value(tile, "SPO2"));
            values.put(bed + " pulse", value(tile, "PULSE_RATE"));
        }
        return values;
    }

    private static int secondsLeft(WebElement tile) {
        Matcher matcher = COUNTDOWN.matcher(tile.findElement(By.cssSelector(".countdown")).getText());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) * 60 + Integer.parseInt(matcher.group(2)) : -1;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> audio() {
        return (Map<String, Object>) browser.executeScript("return window.vigilAudio");
    }

    private static ConditionFactory waitFor(String what) {
        return await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
    }

    private static void screenshot(org.openqa.selenium.TakesScreenshot source, String name) throws Exception {
        Path file = source.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, HeadlessChromium.screenshots().resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private String base() {
        return "http://127.0.0.1:" + config.http().port() + "/";
    }
}
