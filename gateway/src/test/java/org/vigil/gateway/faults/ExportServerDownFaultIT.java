package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.gateway.faults.FaultConfigs.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.export.InMemoryFhirServer;

/**
 * The clinic's FHIR server is down while vital signs are charted: the gateway raises the
 * {@code export-failing} technical alarm, and once the server is back the outbox drains with
 * every stored Observation sent exactly once, and the alarm ends.
 */
class ExportServerDownFaultIT {

    private static final String OXIMETER_TOPIC = "ward/bed-1/oximeter";
    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    /** storage.charting-interval: 10 s is the least ConfigValidator accepts (docs/configuration.md). */
    private static final Duration CHARTING_INTERVAL = Duration.ofSeconds(10);
    /** export.lag-alarm. */
    private static final Duration LAG_ALARM = Duration.ofSeconds(5);
    /** TechnicalWatch.CHECK_PERIOD: how often the export lag is compared with lag-alarm. */
    private static final Duration CHECK_PERIOD = Duration.ofSeconds(5);
    /** The first chart, the lag to exceed, a check, and slack for a busy machine. */
    private static final Duration ALARM_RAISED = CHARTING_INTERVAL.plus(LAG_ALARM).plus(CHECK_PERIOD).plusSeconds(10);
    /** ExportConfig.to: the first retry waits 1 s, then each wait doubles (up to 5 min). */
    private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** ExportConfig.to: an idle exporter looks at the outbox every 2 s. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    private static final Duration DRAIN_SLACK = Duration.ofSeconds(10);
    /** The lag is back under lag-alarm after the drain; the next check ends the alarm. */
    private static final Duration ALARM_ENDED = CHECK_PERIOD.plus(LAG_ALARM).plusSeconds(5);
    private static final String FIRST_FAILURE = "FHIR export failed (1 in a row)";

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    @Test
    void anExportServerDownRaisesExportFailingAndTheBacklogDrainsExactlyOnceWhenItReturns() throws Exception {
        // given: a FHIR server that has a port but does not answer, and a gateway exporting to it
        Instant testStart = Instant.now();
        InMemoryFhirServer fhirServer = processes.track(new InMemoryFhirServer().start());
        fhirServer.stop();
        FaultConfigs.Builder configs = FaultConfigs.in(directory)
                .exportTo(fhirServer.baseUrl()).exportLagAlarm(LAG_ALARM.toSeconds() + "s")
                .chartingInterval(CHARTING_INTERVAL.toSeconds() + "s")
                .bed("bed-1", json("bed-1-oximeter", OXIMETER_TOPIC));
        GatewayProcess gateway = processes.track(GatewayProcess.start(configs.write(), "export-down"));
        GatewayClient client = GatewayClient.of(gateway);

        // when: readings are charted while the server is down
        WardPublisher ward = processes.track(WardPublisher.connect(configs.brokerUrl(), "fault-ward"));
        ward.device(OXIMETER_TOPIC, READING_PERIOD).set("SPO2", 97).set("PULSE_RATE", 72);

        // then: export-failing is raised on the gateway
        await("export-failing raised in the gateway's alarm log").atMost(ALARM_RAISED)
                .until(() -> entry(client.alarmLog("gateway", testStart), "RAISED").isPresent());
        Instant raisedAt = Instant.parse(entry(client.alarmLog("gateway", testStart), "RAISED").orElseThrow()
                .path("changedAt").asText());
        Instant firstFailureAt = gateway.logLines().stream().filter(line -> line.contains(FIRST_FAILURE)).findFirst()
                .flatMap(GatewayProcess::timeOf)
                .orElseThrow(() -> new AssertionError("no '" + FIRST_FAILURE + "' line; output:\n" + gateway.output()));
        Measurements.reportMillis("fault.export.alarm_after_ms", Duration.between(gateway.servingSince(), raisedAt));
        Measurements.reportMillis("fault.export.alarm_after_first_failure_ms", Duration.between(firstFailureAt, raisedAt));
        assertThat(client.observationIdentifiers()).as("Observations stored while the server was down").isNotEmpty();

        // when: the readings stop and the server comes back on the same port
        ward.stopPublishing();
        fhirServer.start();
        Instant serverBack = Instant.now();

        // then: every stored Observation arrives once; the wait in force when the server came back
        // is at most the time spent failing plus the first backoff, since each wait doubles the last
        Duration drainBound = Duration.between(firstFailureAt, serverBack).plus(INITIAL_BACKOFF).plus(POLL_INTERVAL)
                .plus(DRAIN_SLACK);
        await("backlog drained to the FHIR server").atMost(drainBound)
                .until(() -> Set.copyOf(client.observationIdentifiers()).equals(Set.copyOf(received(fhirServer))));
        Instant drainedAt = Instant.now();
        Measurements.reportMillis("fault.export.drained_after_ms", Duration.between(serverBack, drainedAt));
        Measurements.reportMillis("fault.export.down_ms", Duration.between(firstFailureAt, serverBack));

        await("export-failing ended in the gateway's alarm log").atMost(ALARM_ENDED)
                .until(() -> entry(client.alarmLog("gateway", testStart), "ENDED").isPresent());
        Instant endedAt = Instant.parse(entry(client.alarmLog("gateway", testStart), "ENDED").orElseThrow()
                .path("changedAt").asText());
        Measurements.reportMillis("fault.export.alarm_ended_after_server_back_ms", Duration.between(serverBack, endedAt));

        List<String> stored = client.observationIdentifiers();
        List<String> onServer = received(fhirServer);
        Measurements.report("fault.export.observations", stored.size());
        Measurements.report("fault.export.observations_received", fhirServer.observationsReceived());
        assertThat(new HashSet<>(stored)).as("identifiers the gateway stored are unique").hasSize(stored.size());
        assertThat(onServer).as("Observations on the FHIR server, each once").doesNotHaveDuplicates()
                .hasSameSizeAs(stored).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(fhirServer.createdObservationIdentifiers()).as("Observations the server created").doesNotHaveDuplicates()
                .hasSameSizeAs(stored);
        assertThat(gateway.errorLines()).as("ERROR lines of the gateway").isEmpty();
    }

    private static List<String> received(InMemoryFhirServer server) {
        return server.resources("Observation").stream()
                .map(resource -> ((Observation) resource).getIdentifier().stream()
                        .filter(identifier -> GatewayClient.OBSERVATION_IDENTIFIER.equals(identifier.getSystem()))
                        .findFirst().orElseThrow().getValue())
                .toList();
    }

    private static Optional<JsonNode> entry(List<JsonNode> log, String transition) {
        return log.stream().filter(e -> e.path("rule").asText().equals("export-failing")
                && e.path("transition").asText().equals(transition)).findFirst();
    }
}
