package org.vigil.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.vigil.alerting.Priority;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.auth.SessionAccess;
import org.vigil.gateway.auth.TestUsers;
import org.vigil.gateway.config.HttpConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.demo.SimulatedWard;
import org.vigil.gateway.support.TestWards;
import org.vigil.simulators.scenario.Scenarios;

/**
 * A quiet room: the chair's in-room display ({@code /?room=bed-1&quiet}) neither sounds nor flashes
 * while the station plays the alarm, and sounds once the alarm has gone unacknowledged for its
 * escalation time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuietRoomInBrowserTest {

    private static final double TIME_SCALE = 10;
    private static final Duration CONNECT = Duration.ofSeconds(20);
    private static final Duration CRITICAL_DESATURATION = Scenarios.DESATURATION_ONSET.plusSeconds(30)
            .dividedBy((long) TIME_SCALE).plusSeconds(5 + 15);
    /** The shipped profile escalates an unacknowledged high alarm after this. */
    private static final Duration HIGH_ESCALATION = AlarmProfile.defaultEscalation().get(Priority.HIGH);

    @TempDir
    static Path storage;
    @TempDir
    static Path profiles;

    private VigilConfig config;
    private SimulatedWard simulators;
    private Gateway gateway;
    private ChromeDriver station;
    private ChromeDriver room;

    @BeforeAll
    void givenAChairWhosePatientDesaturates() throws Exception {
        HeadlessChromium.requireInstalled();
        config = TestWards.config(storage, List.of(TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo"))))
                .withUsers(TestUsers.all());
        simulators = new SimulatedWard(config, Map.of("bed-1", "desaturation"), TIME_SCALE);
        simulators.startTcpDevices();
        gateway = Gateway.start(config, SessionAccess.of(config.users()));
        config = config.withHttp(new HttpConfig("127.0.0.1", gateway.httpPort()));
        station = HeadlessChromium.start(profiles.resolve("station"));
        room = HeadlessChromium.start(profiles.resolve("room"));
    }

    @AfterAll
    void stopAll() {
        if (station != null) station.quit();
        if (room != null) room.quit();
        if (simulators != null) simulators.close();
        if (gateway != null) gateway.close();
    }

    @Test
    void theInRoomDisplayStaysQuietAndStillWhileTheStationSoundsUntilTheAlarmEscalates() {
        open(station, "");
        open(room, "?room=bed-1&quiet");

        waitFor("the high alarm on both screens").atMost(CRITICAL_DESATURATION).untilAsserted(() -> {
            assertThat(station.findElements(By.cssSelector("section.bed[data-bed=bed-1] .alarm[data-priority=high]"))).isNotEmpty();
            assertThat(room.findElements(By.cssSelector("section.bed[data-bed=bed-1] .alarm[data-priority=high]"))).isNotEmpty();
        });
        waitFor("the station sounds it").untilAsserted(() -> assertThat(audio(station).get("playing")).isEqualTo("high"));
        assertThat(audio(room).get("playing")).as("the quiet room before escalation").isNull();
        assertThat(room.findElement(By.cssSelector(".alarm[data-priority=high]")).getCssValue("animation-name")).isEqualTo("none");
        assertThat(station.findElement(By.cssSelector(".alarm[data-priority=high]")).getCssValue("animation-name")).isEqualTo("flash");

        waitFor("the room sounds the unacknowledged alarm once it escalates").atMost(HIGH_ESCALATION.plusSeconds(15))
                .untilAsserted(() -> assertThat(audio(room).get("playing")).isEqualTo("high"));
        assertThat(room.findElement(By.cssSelector(".alarm[data-priority=high]")).getCssValue("animation-name")).isEqualTo("none");
    }

    private void open(ChromeDriver browser, String query) {
        browser.get("http://127.0.0.1:" + config.http().port() + "/" + query);
        HeadlessChromium.signIn(browser, "nurse", CONNECT);
        browser.findElement(By.id("enable-sound")).click();
        waitFor("the sound gate passed").until(() -> Boolean.TRUE.equals(audio(browser).get("enabled")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> audio(WebDriver browser) {
        return (Map<String, Object>) ((ChromeDriver) browser).executeScript("return window.vigilAudio");
    }

    private static ConditionFactory waitFor(String what) {
        return HeadlessChromium.waitFor(what).atMost(Duration.ofSeconds(10));
    }
}
