package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.gateway.faults.FaultConfigs.json;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.export.InMemoryFhirServer;
import org.vigil.gateway.support.LiveStream;

/**
 * The active gateway of a pair stopped ({@code kill -STOP}) past its lease, so that the standby
 * takes over, then continued ({@code kill -CONT}): the old active sends nothing more, not an MQTT
 * message, not an export, not a dashboard event, although its connections to the broker, the FHIR
 * server and the dashboard survived the pause, and it exits with {@value PairRoles#EXIT_LEASE_LOST}.
 *
 * <p>So that what the old active sends can be told apart, the standby has MQTT client ids of its
 * own (the broker would otherwise close the old active's connections when the standby connects)
 * and exports to a FHIR server of its own (which refuses what refers to a Patient A exported:
 * only that B sends matters here).
 */
class PairActivePausedFaultIT {

    private static final String MONITOR_TOPIC = "ward/bed-1/monitor";
    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    private static final Duration FLOWING = FaultConfigs.LIMIT_DELAY.plusSeconds(15);
    /** The lease watch looks every 100 ms; the JVM then halts. */
    private static final Duration EXIT_AFTER_CONTINUE = Duration.ofSeconds(10);
    private static final String OLD_ACTIVE_OUTPUTS = "vigil-gateway-outputs";
    private static final String NEW_ACTIVE_OUTPUTS = "vigil-gateway-b-outputs";

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    @Test
    void aPausedActiveSendsNothingAfterTheStandbyTookOverAndExits() throws Exception {
        // given: A active, alarming, exporting and streaming to a dashboard; B standby
        PostgresProcess postgres = processes.track(PostgresProcess.start());
        MosquittoProcess broker = processes.track(MosquittoProcess.startLoggingPublications(directory));
        InMemoryFhirServer serverOfA = processes.track(new InMemoryFhirServer().start());
        InMemoryFhirServer serverOfB = processes.track(new InMemoryFhirServer().start());
        FaultConfigs.Builder configs = FaultConfigs.in(directory).broker(broker.url())
                .postgres(postgres.jdbcUrl(), postgres.user()).ha("3s").exportTo(serverOfA.baseUrl()).exportBatchSize(5)
                .bed("bed-1", json("bed-1-monitor", MONITOR_TOPIC));
        FaultConfigs.Pair pair = configs.writePair(second -> second.exportTo(serverOfB.baseUrl()).clientId("vigil-gateway-b"));
        GatewayProcess a = processes.track(GatewayProcess.start(pair.first(), "pair-pause-a"));
        PairRoles.awaitRole(a, PairRoles.ACTIVE, PairRoles.ACTIVE_AFTER_KILL);
        GatewayProcess b = processes.track(GatewayProcess.start(pair.second(), "pair-pause-b"));
        LiveStream dashboardOfA = processes.track(GatewayClient.of(a).stream());
        WardPublisher ward = processes.track(WardPublisher.connect(broker.url(), "fault-ward"));
        ward.device(MONITOR_TOPIC, READING_PERIOD).set("SPO2", 84).set("PULSE_RATE", 72).measuringBloodPressure(118, 76, 90);
        await("A exports, publishes on MQTT and streams").atMost(FLOWING)
                .until(() -> serverOfA.observationsReceived() > 0 && broker.publicationsFrom(OLD_ACTIVE_OUTPUTS) > 0
                        && dashboardOfA.events("reading").findAny().isPresent());

        // when: A is stopped until B has taken over and exports itself, then continued
        PairRoles.signal(a, "STOP");
        PairRoles.awaitRole(b, PairRoles.ACTIVE, PairRoles.ACTIVE_AFTER_KILL);
        await("B exports and publishes").atMost(FLOWING)
                .until(() -> serverOfB.transactionsReceived() > 0 && broker.publicationsFrom(NEW_ACTIVE_OUTPUTS) > 0);
        int exportsOfA = serverOfA.transactionsReceived();
        long messagesOfA = broker.publicationsFrom(OLD_ACTIVE_OUTPUTS);
        int eventsOfA = dashboardOfA.events().size();
        PairRoles.signal(a, "CONT");
        int exit = a.awaitExit(EXIT_AFTER_CONTINUE);

        // then: A sent nothing after it was continued, and exited for the service manager to restart it as standby
        assertThat(exit).isEqualTo(PairRoles.EXIT_LEASE_LOST);
        assertThat(a.logLines()).anyMatch(line -> line.contains("Lease lost"));
        assertThat(serverOfA.transactionsReceived()).as("transactions A exported after it was continued").isEqualTo(exportsOfA);
        assertThat(broker.publicationsFrom(OLD_ACTIVE_OUTPUTS)).as("MQTT messages A sent after it was continued")
                .isEqualTo(messagesOfA);
        assertThat(dashboardOfA.events().size()).as("dashboard events A sent after it was continued").isEqualTo(eventsOfA);
        assertThat(PairRoles.role(b)).isEqualTo(PairRoles.ACTIVE);
        Measurements.report("fault.ha.pause.messages_of_old_active_after_continue", broker.publicationsFrom(OLD_ACTIVE_OUTPUTS) - messagesOfA);
    }
}
