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
import org.vigil.gateway.export.InMemoryFhirServer;

/**
 * {@code kill -9} of the gateway while Observations wait in its outbox for a FHIR server that is
 * down; then the server and a new gateway on the same data directory: every Observation the
 * gateway stored reaches the server, and none twice.
 */
class GatewayKilledDuringExportFaultIT {

    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    /** Each message carries an NIBP measurement, one Observation each: about 2 per second per bed. */
    private static final int BACKLOG_AT_KILL = 40;
    /** Small batches, so that the backlog drains in several transactions. */
    private static final int BATCH_SIZE = 10;
    private static final Duration BACKLOG_BUILT = Duration.ofSeconds(30);
    /** The new gateway's first attempt is immediate; the next batch follows each accepted one at once. */
    private static final Duration DRAINED = Duration.ofSeconds(60);
    private static final int NEW_OBSERVATIONS = 5;
    private static final Duration NEW_OBSERVATIONS_STORED = Duration.ofSeconds(30);

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    @Test
    void everyObservationStoredBeforeAndAfterTheKillReachesTheServerExactlyOnce() throws Exception {
        // given: a FHIR server that is down, and two beds whose readings build an export backlog
        InMemoryFhirServer server = processes.track(new InMemoryFhirServer().start());
        server.stop();
        FaultConfigs.Builder configs = FaultConfigs.in(directory).exportTo(server.baseUrl()).exportBatchSize(BATCH_SIZE)
                .bed("bed-1", json("bed-1-monitor", "ward/bed-1/monitor"))
                .bed("bed-2", json("bed-2-monitor", "ward/bed-2/monitor"));
        Path config = configs.write();
        GatewayProcess first = processes.track(GatewayProcess.start(config, "export-kill-first"));
        GatewayClient client = GatewayClient.of(first);
        processes.track(client.stream());
        WardPublisher ward = processes.track(WardPublisher.connect(configs.brokerUrl(), "fault-ward"));
        for (String bed : List.of("bed-1", "bed-2")) {
            ward.device("ward/" + bed + "/monitor", READING_PERIOD).set("SPO2", 97).set("PULSE_RATE", 72)
                    .measuringBloodPressure(118, 76, 90);
        }
        await("an export backlog of " + BACKLOG_AT_KILL).atMost(BACKLOG_BUILT)
                .until(() -> client.metric("vigil_export_backlog").orElse(0) >= BACKLOG_AT_KILL);
        List<String> storedBeforeKill = client.observationIdentifiers();

        Measurements.report("fault.kill_export.backlog_at_kill", (long) client.metric("vigil_export_backlog").orElse(-1));

        // when: kill -9, the server comes back, and a new gateway starts on the same data directory
        first.kill9();
        Measurements.report("fault.kill_export.observations_stored_at_kill", storedBeforeKill.size());
        server.start();
        GatewayProcess second = processes.track(GatewayProcess.start(config, "export-kill-second"));
        GatewayClient clientAgain = GatewayClient.of(second);
        processes.track(clientAgain.stream());
        await(NEW_OBSERVATIONS + " Observations stored by the new gateway").atMost(NEW_OBSERVATIONS_STORED)
                .until(() -> clientAgain.observationIdentifiers().size() >= storedBeforeKill.size() + NEW_OBSERVATIONS);
        ward.stopPublishing();

        // then: the server holds exactly the Observations the gateway stored, each once
        ExportedObservations exported = ExportedObservations.awaitExactlyOnce(clientAgain, server, DRAINED);
        Measurements.reportMillis("fault.kill_export.all_exported_after_launch_ms", Duration.between(second.launchedAt(), Instant.now()));
        Measurements.report("fault.kill_export.observations_stored", exported.stored().size());
        Measurements.report("fault.kill_export.observations_resent", exported.resent());
        assertThat(exported.stored()).as("Observations stored before the kill").containsAll(storedBeforeKill);
    }
}
