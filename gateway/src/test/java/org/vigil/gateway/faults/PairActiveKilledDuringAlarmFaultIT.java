package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.gateway.faults.FaultConfigs.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.auth.TestUsers;

/**
 * An active/standby pair on a real PostgreSQL and mosquitto: {@code kill -9} of the active gateway
 * while a latched, acknowledged alarm is in force. The standby takes the lease, the alarm is in
 * force there as it was, and the failover alarm says when nobody watched.
 */
class PairActiveKilledDuringAlarmFaultIT {

    private static final String OXIMETER_TOPIC = "ward/bed-1/oximeter";
    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    private static final Duration CRITICAL_RAISED = FaultConfigs.LIMIT_DELAY.plusSeconds(8);
    private static final Duration LOGGED = Duration.ofSeconds(5);
    /** The bound: the standby takes over within 5 s. */
    private static final Duration TAKEOVER_WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    @Test
    void theStandbyTakesOverWithTheAcknowledgedAlarmInForceAndLogsTheFailover() throws Exception {
        // given: a pair, A active and B standby, and bed-1's HIGH latching alarm acknowledged by a nurse on A
        Instant testStart = Instant.now();
        PostgresProcess postgres = processes.track(PostgresProcess.start());
        MosquittoProcess broker = processes.track(MosquittoProcess.start(directory));
        FaultConfigs.Builder configs = FaultConfigs.in(directory).withUsers().broker(broker.url())
                .postgres(postgres.jdbcUrl(), postgres.user()).ha("3s")
                .bed("bed-1", json("bed-1-oximeter", OXIMETER_TOPIC));
        FaultConfigs.Pair pair = configs.writePair(second -> { });
        GatewayProcess a = processes.track(GatewayProcess.start(pair.first(), "pair-alarm-a"));
        PairRoles.awaitRole(a, PairRoles.ACTIVE, PairRoles.ACTIVE_AFTER_KILL);
        GatewayProcess b = processes.track(GatewayProcess.start(pair.second(), "pair-alarm-b"));
        JsonNode standby = PairRoles.health(b);
        assertThat(standby.path("role").asText()).isEqualTo(PairRoles.STANDBY);
        assertThat(standby.path("leaseHolderUrl").asText()).isEqualTo("http://127.0.0.1:" + a.httpPort());
        var refused = GatewayClient.of(b).as("nurse", TestUsers.PASSWORD).get("/api/beds");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("http://127.0.0.1:" + a.httpPort());

        GatewayClient nurse = GatewayClient.of(a).as("nurse", TestUsers.PASSWORD);
        WardPublisher ward = processes.track(WardPublisher.connect(broker.url(), "fault-ward"));
        ward.device(OXIMETER_TOPIC, READING_PERIOD).set("SPO2", 84).set("PULSE_RATE", 72);
        await("spo2-critical raised on A").atMost(CRITICAL_RAISED)
                .until(() -> nurse.activeAlarm("bed-1", "spo2-critical").isPresent());
        String alarmId = nurse.activeAlarm("bed-1", "spo2-critical").orElseThrow().path("id").asText();
        assertThat(nurse.post("/api/alarms/" + alarmId + "/ack", "{}").statusCode()).isEqualTo(200);
        await("acknowledgement in the alarm log").atMost(LOGGED)
                .until(() -> nurse.alarmLog("bed-1", testStart).stream().anyMatch(e -> e.path("id").asText().equals(alarmId)
                        && e.path("transition").asText().equals("ACKNOWLEDGED")));

        // when: kill -9 of A
        a.kill9();

        // then: B is active, with the same alarm in force, still acknowledged by the nurse
        PairRoles.awaitRole(b, PairRoles.ACTIVE, PairRoles.ACTIVE_AFTER_KILL);
        GatewayClient nurseOnB = GatewayClient.of(b).as("nurse", TestUsers.PASSWORD);
        JsonNode restored = nurseOnB.activeAlarm("bed-1", "spo2-critical")
                .orElseThrow(() -> new AssertionError("the acknowledged alarm was forgotten by the standby"));
        assertThat(restored.path("id").asText()).isEqualTo(alarmId);
        assertThat(restored.path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(restored.path("acknowledgedBy").asText()).isEqualTo("nurse");

        // and the failover alarm names the interruption, from A's last renewal to B's takeover
        await("gateway-failover in force on B").atMost(LOGGED)
                .until(() -> nurseOnB.activeAlarm("gateway", PairRoles.FAILOVER_RULE).isPresent());
        JsonNode failover = nurseOnB.activeAlarm("gateway", PairRoles.FAILOVER_RULE).orElseThrow();
        assertThat(failover.path("priority").asText()).isEqualTo("HIGH");
        PairRoles.Interruption interrupted = PairRoles.interruption(failover.path("message").asText());
        Instant restoredAt = nurseOnB.alarmLog("bed-1", testStart).stream()
                .filter(e -> e.path("id").asText().equals(alarmId) && e.path("transition").asText().equals("RESTORED"))
                .map(e -> Instant.parse(e.path("changedAt").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no RESTORED entry for " + alarmId));
        await("B's first reading").atMost(LOGGED).until(() -> PairRoles.firstReading(b).isPresent());
        Instant firstReading = PairRoles.firstReading(b).orElseThrow();
        Measurements.reportMillis("fault.ha.kill_alarm.takeover_ms", interrupted.length());
        Measurements.reportMillis("fault.ha.kill_alarm.first_reading_ms", Duration.between(interrupted.from(), firstReading));
        Measurements.reportMillis("fault.ha.kill_alarm.alarm_restored_ms", Duration.between(interrupted.from(), restoredAt));
        assertThat(interrupted.length()).isLessThanOrEqualTo(TAKEOVER_WITHIN);
        assertThat(restoredAt).isAfterOrEqualTo(interrupted.to());
        assertThat(PairRoles.health(b).path("leaseHolderUrl").asText()).isEqualTo("http://127.0.0.1:" + b.httpPort());
        assertThat(nurseOnB.metric("vigil_ha_failovers_total")).hasValue(1.0);
    }
}
