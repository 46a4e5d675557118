package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.gateway.faults.FaultConfigs.json;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts that must not move the lease of a pair: the standby killed and started again, and
 * PostgreSQL restarted for less than the lease.
 */
class PairRestartsFaultIT {

    private static final String OXIMETER_TOPIC = "ward/bed-1/oximeter";
    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    private static final Duration CRITICAL_RAISED = FaultConfigs.LIMIT_DELAY.plusSeconds(8);
    /** Long enough for the database restart below (stop, start, the pool's new connection) with the renewals left over. */
    private static final String LONG_LEASE = "8s";
    /** After the restart: a renewal or two, and the standby's looks at the lease. */
    private static final Duration SETTLED = Duration.ofSeconds(8);

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    @Test
    void aStandbyKilledAndStartedAgainChangesNothing() throws Exception {
        // given: A active with an alarm in force, B standby
        Instant testStart = Instant.now();
        PostgresProcess postgres = processes.track(PostgresProcess.start());
        MosquittoProcess broker = processes.track(MosquittoProcess.start(directory));
        FaultConfigs.Builder configs = FaultConfigs.in(directory).broker(broker.url())
                .postgres(postgres.jdbcUrl(), postgres.user()).ha("3s")
                .bed("bed-1", json("bed-1-oximeter", OXIMETER_TOPIC));
        FaultConfigs.Pair pair = configs.writePair(second -> { });
        GatewayProcess a = processes.track(GatewayProcess.start(pair.first(), "pair-standby-a"));
        PairRoles.awaitRole(a, PairRoles.ACTIVE, PairRoles.ACTIVE_AFTER_KILL);
        GatewayProcess b = processes.track(GatewayProcess.start(pair.second(), "pair-standby-b"));
        GatewayClient clientOfA = GatewayClient.of(a);
        WardPublisher ward = processes.track(WardPublisher.connect(broker.url(), "fault-ward"));
        ward.device(OXIMETER_TOPIC, READING_PERIOD).set("SPO2", 84).set("PULSE_RATE", 72);
        await("spo2-critical raised on A").atMost(CRITICAL_RAISED)
                .until(() -> clientOfA.activeAlarm("bed-1", "spo2-critical").isPresent());
        String alarmId = clientOfA.activeAlarm("bed-1", "spo2-critical").orElseThrow().path("id").asText();
        String holder = PairRoles.health(a).path("leaseHolder").asText();

        // when: kill -9 of B, and B started again
        b.kill9();
        GatewayProcess bAgain = processes.track(GatewayProcess.start(pair.second(), "pair-standby-b-again"));
        await("B again has seen the lease").atMost(SETTLED).until(() -> holder.equals(PairRoles.health(bAgain).path("leaseHolder").asText()));

        // then: A still active with its lease and the alarm, no failover, B again standby
        assertThat(PairRoles.role(a)).isEqualTo(PairRoles.ACTIVE);
        assertThat(PairRoles.role(bAgain)).isEqualTo(PairRoles.STANDBY);
        assertThat(PairRoles.health(a).path("leaseHolder").asText()).isEqualTo(holder);
        assertThat(clientOfA.activeAlarm("bed-1", "spo2-critical")).hasValueSatisfying(
                alarm -> assertThat(alarm.path("id").asText()).isEqualTo(alarmId));
        assertThat(clientOfA.alarmLog("gateway", testStart)).noneMatch(e -> e.path("rule").asText().equals(PairRoles.FAILOVER_RULE));
        assertThat(clientOfA.metric("vigil_ha_lease_renewals_total").orElse(0)).isPositive();
    }

    @Test
    void bothGatewaysRideThroughADatabaseRestartAndExactlyOneIsActiveAfterwards() throws Exception {
        // given: A active, B standby, with a lease longer than the database restart
        PostgresProcess postgres = processes.track(PostgresProcess.start());
        MosquittoProcess broker = processes.track(MosquittoProcess.start(directory));
        FaultConfigs.Builder configs = FaultConfigs.in(directory).broker(broker.url())
                .postgres(postgres.jdbcUrl(), postgres.user()).ha(LONG_LEASE)
                .bed("bed-1", json("bed-1-oximeter", OXIMETER_TOPIC));
        FaultConfigs.Pair pair = configs.writePair(second -> { });
        GatewayProcess a = processes.track(GatewayProcess.start(pair.first(), "pair-database-a"));
        PairRoles.awaitRole(a, PairRoles.ACTIVE, PairRoles.ACTIVE_AFTER_KILL);
        GatewayProcess b = processes.track(GatewayProcess.start(pair.second(), "pair-database-b"));
        WardPublisher ward = processes.track(WardPublisher.connect(broker.url(), "fault-ward"));
        ward.device(OXIMETER_TOPIC, READING_PERIOD).set("SPO2", 97).set("PULSE_RATE", 72);
        double renewalsBefore = GatewayClient.of(a).metric("vigil_ha_lease_renewals_total").orElse(0);

        // when: PostgreSQL stops and starts again
        postgres.stopServer();
        postgres.startServer();

        // then: both processes live, A renews again, and exactly one of the two is active
        await("A renews the lease after the restart").atMost(SETTLED)
                .until(() -> GatewayClient.of(a).metric("vigil_ha_lease_renewals_total").orElse(0) > renewalsBefore + 2);
        assertThat(a.isAlive()).as("A alive").isTrue();
        assertThat(b.isAlive()).as("B alive").isTrue();
        List<String> roles = List.of(PairRoles.role(a), PairRoles.role(b));
        assertThat(roles).containsExactly(PairRoles.ACTIVE, PairRoles.STANDBY);
        assertThat(PairRoles.health(b).path("leaseHolder").asText()).isEqualTo(PairRoles.health(a).path("leaseHolder").asText());
    }
}
