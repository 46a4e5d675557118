package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.gateway.faults.FaultConfigs.json;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.export.InMemoryFhirServer;

/**
 * {@code kill -9} of the active gateway of a pair while Observations wait in the shared outbox for
 * a FHIR server that is down; the server comes back and the standby takes over: every Observation
 * stored before and after the kill reaches the server, and none twice.
 */
class PairActiveKilledDuringExportFaultIT {

    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    private static final int BACKLOG_AT_KILL = 20;
    private static final int BATCH_SIZE = 10;
    private static final Duration BACKLOG_BUILT = Duration.ofSeconds(30);
    private static final Duration DRAINED = Duration.ofSeconds(60);
    private static final int NEW_OBSERVATIONS = 5;
    private static final Duration NEW_OBSERVATIONS_STORED = Duration.ofSeconds(30);

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    @Test
    void theStandbyExportsTheBacklogOfTheKilledActiveExactlyOnce() throws Exception {
        // given: a pair, A active with an export backlog for a FHIR server that is down, B standby
        PostgresProcess postgres = processes.track(PostgresProcess.start());
        MosquittoProcess broker = processes.track(MosquittoProcess.start(directory));
        InMemoryFhirServer server = processes.track(new InMemoryFhirServer().start());
        server.stop();
        FaultConfigs.Builder configs = FaultConfigs.in(directory).broker(broker.url())
                .postgres(postgres.jdbcUrl(), postgres.user()).ha("3s").exportTo(server.baseUrl()).exportBatchSize(BATCH_SIZE)
                .bed("bed-1", json("bed-1-monitor", "ward/bed-1/monitor"));
        FaultConfigs.Pair pair = configs.writePair(second -> { });
        GatewayProcess a = processes.track(GatewayProcess.start(pair.first(), "pair-export-a"));
        PairRoles.awaitRole(a, PairRoles.ACTIVE, PairRoles.ACTIVE_AFTER_KILL);
        GatewayProcess b = processes.track(GatewayProcess.start(pair.second(), "pair-export-b"));
        GatewayClient clientOfA = GatewayClient.of(a);
        WardPublisher ward = processes.track(WardPublisher.connect(broker.url(), "fault-ward"));
        ward.device("ward/bed-1/monitor", READING_PERIOD).set("SPO2", 97).set("PULSE_RATE", 72)
                .measuringBloodPressure(118, 76, 90);
        await("an export backlog of " + BACKLOG_AT_KILL).atMost(BACKLOG_BUILT)
                .until(() -> clientOfA.metric("vigil_export_backlog").orElse(0) >= BACKLOG_AT_KILL);
        List<String> storedBeforeKill = clientOfA.observationIdentifiers();
        Measurements.report("fault.ha.kill_export.backlog_at_kill", (long) clientOfA.metric("vigil_export_backlog").orElse(-1));

        // when: kill -9 of A, the server comes back, and B takes over
        a.kill9();
        server.start();
        PairRoles.awaitRole(b, PairRoles.ACTIVE, PairRoles.ACTIVE_AFTER_KILL);
        GatewayClient clientOfB = GatewayClient.of(b);
        await(NEW_OBSERVATIONS + " Observations stored by B").atMost(NEW_OBSERVATIONS_STORED)
                .until(() -> clientOfB.observationIdentifiers().size() >= storedBeforeKill.size() + NEW_OBSERVATIONS);
        ward.stopPublishing();

        // then: the server holds exactly the Observations the pair stored, each once
        ExportedObservations exported = ExportedObservations.awaitExactlyOnce(clientOfB, server, DRAINED);
        Measurements.report("fault.ha.kill_export.observations_stored", exported.stored().size());
        Measurements.report("fault.ha.kill_export.observations_resent", exported.resent());
        assertThat(exported.stored()).as("Observations stored before the kill").containsAll(storedBeforeKill);
    }
}
