package org.vigil.gateway.dashboard;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.vigil.gateway.auth.TestUsers;

/**
 * Debian's Chromium and chromedriver, headless, with nothing downloaded: both paths are given, so
 * Selenium Manager never runs. Missing browsers fail the build on CI and skip the test elsewhere.
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The station screen the dashboard is laid out for. */
    static final Dimension STATION_SCREEN = new Dimension(1366, 768);

    private HeadlessChromium() {
    }

    static void requireInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String message = "Debian's chromium and chromium-driver packages are needed for the browser tests";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.assertTrue(installed, message);
        } else {
            Assumptions.assumeTrue(installed, message);
        }
    }

    static ChromeDriver start(Path profile) {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + STATION_SCREEN.width + "," + STATION_SCREEN.height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        driver.manage().window().setSize(STATION_SCREEN);
        return driver;
    }

    static Path screenshots() {
        Path folder = Path.of("target", "screenshots");
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A named wait for the page, which re-renders every second: an element found a moment ago may be
     * gone, not there yet or covered, so each of those means look again. (Awaitility keeps only the
     * last {@code ignoreException...} call, so they are one predicate.)
     */
    static ConditionFactory waitFor(String what) {
        return await(what).ignoreExceptionsMatching(e -> e instanceof StaleElementReferenceException
                || e instanceof NoSuchElementException || e instanceof ElementNotInteractableException);
    }

    /** Signs {@code user} in on the page's sign-in form, with the test users' password. */
    static void signIn(WebDriver browser, String user, Duration within) {
        waitFor("the sign-in form").atMost(within).until(() -> browser.findElement(By.id("sign-in")).isDisplayed());
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
        browser.findElement(By.id("sign-in-button")).click();
        waitFor("signed in as " + user).atMost(within).until(() -> browser.findElement(By.id("who")).getText().startsWith(user));
    }
}
