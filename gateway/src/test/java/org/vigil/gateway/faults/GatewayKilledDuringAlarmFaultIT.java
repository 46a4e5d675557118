package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.gateway.faults.FaultConfigs.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.auth.TestUsers;
import org.vigil.gateway.support.LiveStream;

/**
 * {@code kill -9} of the gateway while a latched, acknowledged alarm is in force, then a new
 * gateway on the same data directory: the alarm is in force again as it was, and the time nobody
 * watched the beds is in the alarm log.
 */
class GatewayKilledDuringAlarmFaultIT {

    private static final String OXIMETER_TOPIC = "ward/bed-1/oximeter";
    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    /** The profile's 2 s delay, the first readings and a tick. */
    private static final Duration CRITICAL_RAISED = FaultConfigs.LIMIT_DELAY.plusSeconds(8);
    /** The alarm log is written off the bed's thread, right after the change. */
    private static final Duration LOGGED = Duration.ofSeconds(5);
    /** The restored alarm is in force this soon after the new process is launched. */
    private static final Duration RESTORED_WITHIN = Duration.ofSeconds(5);
    /** The gap entry is written at start-up. */
    private static final Duration GAP_LOGGED = Duration.ofSeconds(10);
    /** The gateway records that it is alive at least this often, so its last heartbeat is at most this old at a kill. */
    private static final Duration HEARTBEAT_AT_MOST_EVERY = Duration.ofSeconds(10);
    /** Slack for the clock of one machine read by two processes, and millisecond rounding. */
    private static final Duration CLOCK_SLACK = Duration.ofMillis(50);
    private static final Pattern GAP = Pattern.compile("not running from (\\S+) to (\\S+?)[).,;]?(\\s|$)");

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    @Test
    void anAcknowledgedLatchingAlarmIsInForceAgainAfterAKillAndTheMonitoringGapIsLogged() throws Exception {
        // given: bed-1's SpO2 below the critical limit, the HIGH latching alarm raised and acknowledged by a nurse
        Instant testStart = Instant.now();
        FaultConfigs.Builder configs = FaultConfigs.in(directory).withUsers()
                .bed("bed-1", json("bed-1-oximeter", OXIMETER_TOPIC));
        Path config = configs.write();
        GatewayProcess first = processes.track(GatewayProcess.start(config, "alarm-kill-first"));
        GatewayClient nurse = GatewayClient.of(first).as("nurse", TestUsers.PASSWORD);
        LiveStream dashboard = processes.track(nurse.stream());
        WardPublisher ward = processes.track(WardPublisher.connect(configs.brokerUrl(), "fault-ward"));
        ward.device(OXIMETER_TOPIC, READING_PERIOD).set("SPO2", 84).set("PULSE_RATE", 72);

        await("spo2-critical raised").atMost(CRITICAL_RAISED)
                .until(() -> nurse.activeAlarm("bed-1", "spo2-critical").isPresent());
        JsonNode raised = nurse.activeAlarm("bed-1", "spo2-critical").orElseThrow();
        assertThat(raised.path("priority").asText()).isEqualTo("HIGH");
        String alarmId = raised.path("id").asText();
        var ack = nurse.post("/api/alarms/" + alarmId + "/ack", "{}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        await("acknowledgement in the alarm log").atMost(LOGGED)
                .until(() -> entry(nurse.alarmLog("bed-1", testStart), alarmId, "ACKNOWLEDGED").isPresent());
        Instant lastStreamHeartbeat = dashboard.events("heartbeat")
                .map(event -> Instant.parse(event.data().path("time").asText()))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no heartbeat on the live stream"));

        // when: kill -9, and a new gateway on the same data directory
        Instant killedAt = Instant.now();
        first.kill9();
        GatewayProcess second = processes.track(GatewayProcess.start(config, "alarm-kill-second"));
        GatewayClient nurseAgain = GatewayClient.of(second).as("nurse", TestUsers.PASSWORD);
        processes.track(nurseAgain.stream());

        // then: the same alarm is in force, still acknowledged by the nurse
        JsonNode restored = nurseAgain.activeAlarm("bed-1", "spo2-critical")
                .orElseThrow(() -> new AssertionError("the acknowledged alarm was forgotten by the new gateway"));
        assertThat(restored.path("id").asText()).isEqualTo(alarmId);
        assertThat(restored.path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(restored.path("acknowledgedBy").asText()).isEqualTo("nurse");
        JsonNode restoredEntry = entry(nurseAgain.alarmLog("bed-1", testStart), alarmId, "RESTORED")
                .orElseThrow(() -> new AssertionError("no RESTORED entry for " + alarmId));
        Duration restoredAfterLaunch = Duration.between(second.launchedAt(), Instant.parse(restoredEntry.path("changedAt").asText()));
        Measurements.reportMillis("fault.kill_alarm.restored_after_launch_ms", restoredAfterLaunch);
        Measurements.reportMillis("fault.kill_alarm.serving_after_launch_ms", Duration.between(second.launchedAt(), second.servingSince()));
        assertThat(restoredAfterLaunch).isLessThanOrEqualTo(RESTORED_WITHIN);

        // and the alarm log of the gateway shows when nobody was watching
        await("gateway-not-running entry in the gateway's alarm log").atMost(GAP_LOGGED)
                .until(() -> nurseAgain.alarmLog("gateway", testStart).stream()
                        .anyMatch(e -> e.path("rule").asText().equals("gateway-not-running")));
        JsonNode gap = nurseAgain.alarmLog("gateway", testStart).stream()
                .filter(e -> e.path("rule").asText().equals("gateway-not-running")).findFirst().orElseThrow();
        Matcher times = GAP.matcher(gap.path("message").asText());
        assertThat(times.find()).as("message '%s' says 'not running from T1 to T2'", gap.path("message").asText()).isTrue();
        Instant notRunningFrom = Instant.parse(times.group(1));
        Instant notRunningTo = Instant.parse(times.group(2));
        Measurements.reportMillis("fault.kill_alarm.gap_ms", Duration.between(notRunningFrom, notRunningTo));
        Measurements.reportMillis("fault.kill_alarm.last_heartbeat_before_kill_ms", Duration.between(notRunningFrom, killedAt));
        Measurements.reportMillis("fault.kill_alarm.last_stream_heartbeat_before_kill_ms", Duration.between(lastStreamHeartbeat, killedAt));
        assertThat(notRunningFrom).as("T1, the old gateway's last heartbeat")
                .isBefore(killedAt.plus(CLOCK_SLACK))
                .isAfter(killedAt.minus(HEARTBEAT_AT_MOST_EVERY));
        assertThat(notRunningTo).as("T2, the new gateway's start")
                .isAfter(second.launchedAt().minus(CLOCK_SLACK))
                .isBefore(second.servingSince().plus(CLOCK_SLACK));
    }

    private static Optional<JsonNode> entry(List<JsonNode> log, String alarmId, String transition) {
        return log.stream().filter(e -> e.path("id").asText().equals(alarmId) && e.path("transition").asText().equals(transition))
                .findFirst();
    }
}
