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
import org.vigil.gateway.export.InMemoryFhirServer;

/**
 * The clinic's FHIR server is down from the gateway's start until a backlog has built, then up:
 * the backlog drains exactly once, and the export lag is a technical alarm while it lasts.
 */
class ExportServerDownFaultIT {

    private static final String TOPIC = "ward/bed-1/monitor";
    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    private static final int BACKLOG = 30;
    private static final Duration BACKLOG_BUILT = Duration.ofSeconds(30);
    private static final int BATCH_SIZE = 10;
    /**
     * After failures the exporter waits 1 s doubling (ExportConfig.to); with the server down for up
     * to 30 s, its next attempt comes at most 32 s after the server returns.
     */
    private static final Duration DRAINED = Duration.ofSeconds(60);
    /** {@code export.lag-alarm} in these tests. */
    private static final Duration LAG_ALARM = Duration.ofSeconds(5);
    /** Gateway.HEALTH_CHECK: the lag is compared with its threshold this often. */
    private static final Duration HEALTH_CHECK = Duration.ofSeconds(5);
    /** The first NIBP Observation is stored within this of the start. */
    private static final Duration FIRST_OBSERVATION = Duration.ofSeconds(3);
    private static final Duration LAG_ALARM_RAISED = LAG_ALARM.plus(HEALTH_CHECK).plus(FIRST_OBSERVATION);
    /** The backlog drains after the exporter's next attempt, and the next health check clears the alarm. */
    private static final Duration LAG_ALARM_ENDED = DRAINED.plus(HEALTH_CHECK);
    private static final String EXPORT_FAILING = "export-failing";

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    @Test
    void aBacklogBuiltWhileTheServerWasDownDrainsExactlyOnceWhenItComesUp() throws Exception {
        // given: a FHIR server that is down since before the gateway started, and a backlog
        InMemoryFhirServer server = givenAServerThatIsDown();
        FaultConfigs.Builder configs = FaultConfigs.in(directory).exportTo(server.baseUrl()).exportBatchSize(BATCH_SIZE)
                .bed("bed-1", json("bed-1-monitor", TOPIC));
        GatewayProcess gateway = processes.track(GatewayProcess.start(configs.write(), "export-down"));
        GatewayClient client = GatewayClient.of(gateway);
        processes.track(client.stream());
        WardPublisher ward = givenReadingsWithBloodPressure(configs);
        await("an export backlog of " + BACKLOG).atMost(BACKLOG_BUILT)
                .until(() -> client.metric("vigil_export_backlog").orElse(0) >= BACKLOG);
        Measurements.report("fault.export_down.backlog", (long) client.metric("vigil_export_backlog").orElse(-1));

        // when
        Instant serverUp = Instant.now();
        server.start();
        ward.stopPublishing();

        // then
        ExportedObservations exported = ExportedObservations.awaitExactlyOnce(client, server, DRAINED);
        Measurements.reportMillis("fault.export_down.drained_after_server_up_ms", Duration.between(serverUp, Instant.now()));
        Measurements.report("fault.export_down.observations", exported.stored().size());
        Measurements.report("fault.export_down.observations_resent", exported.resent());
        assertThat(exported.stored()).hasSizeGreaterThanOrEqualTo(BACKLOG / 2);
    }

    @Test
    void theExportLagIsATechnicalAlarmWhileTheServerIsDownAndEndsWhenTheBacklogDrains() throws Exception {
        // given: export.lag-alarm 5s, and a FHIR server that is down
        InMemoryFhirServer server = givenAServerThatIsDown();
        FaultConfigs.Builder configs = FaultConfigs.in(directory).exportTo(server.baseUrl()).exportBatchSize(BATCH_SIZE)
                .exportLagAlarm(LAG_ALARM.toSeconds() + "s")
                .bed("bed-1", json("bed-1-monitor", TOPIC));
        GatewayProcess gateway = processes.track(GatewayProcess.start(configs.write(), "export-lag"));
        GatewayClient client = GatewayClient.of(gateway);
        processes.track(client.stream());
        WardPublisher ward = givenReadingsWithBloodPressure(configs);

        // then: the lag alarm is raised once the oldest unsent resource is older than 5 s
        await("export-failing raised").atMost(LAG_ALARM_RAISED)
                .until(() -> client.activeAlarm("gateway", EXPORT_FAILING).isPresent());
        JsonNode alarm = client.activeAlarm("gateway", EXPORT_FAILING).orElseThrow();
        Instant raisedAt = Instant.parse(alarm.path("raisedAt").asText());
        Measurements.reportMillis("fault.export_down.lag_alarm_after_serving_ms", Duration.between(gateway.servingSince(), raisedAt));
        assertThat(Duration.between(gateway.servingSince(), raisedAt)).isLessThanOrEqualTo(LAG_ALARM_RAISED);
        assertThat(alarm.path("category").asText()).isEqualTo("TECHNICAL");

        // when: the server comes up
        Instant serverUp = Instant.now();
        server.start();

        // then: the alarm ends, in the gateway's alarm log, and the backlog has drained exactly once
        await("export-failing ended").atMost(LAG_ALARM_ENDED)
                .until(() -> client.activeAlarm("gateway", EXPORT_FAILING).isEmpty());
        JsonNode ended = client.alarmLog("gateway", gateway.launchedAt()).stream()
                .filter(e -> e.path("id").asText().equals(alarm.path("id").asText()) && e.path("transition").asText().equals("ENDED"))
                .findFirst().orElseThrow(() -> new AssertionError("no ENDED entry for " + alarm.path("id").asText()));
        Measurements.reportMillis("fault.export_down.lag_alarm_ended_after_server_up_ms",
                Duration.between(serverUp, Instant.parse(ended.path("changedAt").asText())));
        ward.stopPublishing();
        ExportedObservations exported = ExportedObservations.awaitExactlyOnce(client, server, DRAINED);
        Measurements.report("fault.export_down.lag_observations", exported.stored().size());
    }

    private InMemoryFhirServer givenAServerThatIsDown() throws Exception {
        InMemoryFhirServer server = processes.track(new InMemoryFhirServer().start());
        server.stop();
        return server;
    }

    /** One NIBP Observation per message, so that the backlog grows by about 2 a second. */
    private WardPublisher givenReadingsWithBloodPressure(FaultConfigs.Builder configs) throws Exception {
        WardPublisher ward = processes.track(WardPublisher.connect(configs.brokerUrl(), "fault-ward"));
        ward.device(TOPIC, READING_PERIOD).set("SPO2", 97).set("PULSE_RATE", 72).measuringBloodPressure(118, 76, 90);
        return ward;
    }
}
