package org.vigil.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.vigil.gateway.ActiveStandby;
import org.vigil.gateway.config.HaConfig;
import org.vigil.gateway.config.HttpConfig;
import org.vigil.gateway.config.StorageConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.storage.TestDatabase;
import org.vigil.gateway.support.FreePorts;
import org.vigil.gateway.support.TestWards;

/**
 * The dashboard of an active/standby pair in headless Chromium: opened on the standby it moves to
 * the active gateway, and when the active one stops it moves to the standby that took over.
 */
class PairInBrowserTest {

    /** The standby's next look at the released lease, the start of the whole gateway, the page's next look at /health. */
    private static final Duration MOVED = Duration.ofSeconds(30);

    @TempDir
    Path storageOfA;
    @TempDir
    Path storageOfB;
    @TempDir
    Path profile;

    private TestDatabase database;
    private ActiveStandby a;
    private ActiveStandby b;
    private ChromeDriver browser;
    private int portOfA;
    private int portOfB;

    @BeforeEach
    void givenAPairWithAActive() throws Exception {
        HeadlessChromium.requireInstalled();
        database = TestDatabase.postgresOnly();
        portOfA = FreePorts.next();
        portOfB = FreePorts.next();
        List<String> peers = List.of(origin(portOfA), origin(portOfB));
        VigilConfig ward = TestWards.config(storageOfA, List.of(TestWards.bed("bed-1",
                TestWards.mqtt("bed-1-oximeter", "json", "vigil/devices/bed-1/oximeter"))));
        a = ActiveStandby.start(gateway(ward, storageOfA, portOfA, peers));
        awaitAt(portOfA, "active");
        b = ActiveStandby.start(gateway(ward, storageOfB, portOfB, peers));
        browser = HeadlessChromium.start(profile);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) browser.quit();
        if (b != null) b.close();
        if (a != null) a.close();
        if (database != null) database.close();
    }

    @Test
    void thePageOpenedOnTheStandbyMovesToTheActiveAndFollowsTheTakeover() {
        browser.get(origin(portOfB) + "/");
        waitFor("the page on A, live").atMost(MOVED).untilAsserted(() -> {
            assertThat(browser.getCurrentUrl()).startsWith(origin(portOfA));
            assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("LIVE");
        });

        a.close();
        a = null;

        waitFor("the page on B, live").atMost(MOVED).untilAsserted(() -> {
            assertThat(browser.getCurrentUrl()).startsWith(origin(portOfB));
            assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("LIVE");
        });
        assertThat(browser.findElements(By.cssSelector("section.bed"))).hasSize(1);
    }

    private VigilConfig gateway(VigilConfig ward, Path storage, int port, List<String> peers) {
        return ward.withHttp(new HttpConfig("127.0.0.1", port))
                .withStorage(new StorageConfig(storage.toString(), database.config().jdbcUrl(), null, null, null, null))
                .withHa(new HaConfig(true, null, null, null, peers));
    }

    private void awaitAt(int port, String role) {
        waitFor("gateway on " + port + " " + role).atMost(MOVED).until(() -> {
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(origin(port) + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.body().contains("\"role\":\"" + role + "\"");
        });
    }

    private static String origin(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static ConditionFactory waitFor(String what) {
        return await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
    }
}
