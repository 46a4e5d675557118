package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.gateway.faults.FaultConfigs.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.support.LiveStream;

/**
 * The gateway on a PostgreSQL of its own that stops for 30 s: monitoring goes on (live view,
 * alarms), the outage is a technical alarm, and once the database is back the alarm log holds
 * every alarm change, those made during the outage included.
 */
class DatabaseOutageFaultIT {

    private static final String TOPIC = "ward/bed-1/oximeter";
    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    private static final Duration STREAMING = Duration.ofSeconds(10);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** Readings are written in batches within a second; the first failed write raises the alarm. */
    private static final Duration STORAGE_ALARM_WITHIN = Duration.ofSeconds(5);
    /** The profile's 2 s delay, and a reading or two. */
    private static final Duration LIMIT_ALARM = FaultConfigs.LIMIT_DELAY.plusSeconds(5);
    /** The live view shows readings this fresh. */
    private static final Duration LIVE = Duration.ofSeconds(3);
    /** Gateway.HEALTH_CHECK is 5 s; storage-failing ends after a whole period without failures. */
    private static final Duration STORAGE_ALARM_ENDED = Duration.ofSeconds(20);
    private static final Duration LOG_CAUGHT_UP = Duration.ofSeconds(15);

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    @Test
    void monitoringGoesOnThroughADatabaseOutageAndTheAlarmLogHoldsEveryChangeOnceItIsBack() throws Exception {
        // given: the gateway on its own PostgreSQL, with bed-1's oximeter streaming
        PostgresProcess postgres = processes.track(PostgresProcess.start());
        FaultConfigs.Builder configs = FaultConfigs.in(directory).postgres(postgres.jdbcUrl(), postgres.user())
                .bed("bed-1", json("bed-1-oximeter", TOPIC));
        GatewayProcess gateway = processes.track(GatewayProcess.start(configs.write(), "database-outage"));
        GatewayClient client = GatewayClient.of(gateway);
        LiveStream dashboard = processes.track(client.stream());
        WardPublisher ward = processes.track(WardPublisher.connect(configs.brokerUrl(), "fault-ward"));
        WardPublisher.Device oximeter = ward.device(TOPIC, READING_PERIOD).set("SPO2", 97).set("PULSE_RATE", 72);
        await("bed-1 streaming").atMost(STREAMING).until(() -> client.getJson("/api/beds/bed-1")
                .path("devices").get(0).path("status").asText().equals("STREAMING"));

        // when: PostgreSQL stops
        Instant stoppedAt = Instant.now();
        postgres.stopServer();

        // then: the outage is a technical alarm, by the gateway's clock
        await("storage-failing raised").atMost(STORAGE_ALARM_WITHIN.plusSeconds(5))
                .until(() -> client.activeAlarm("gateway", "storage-failing").isPresent());
        Duration storageAlarmAfter = Duration.between(stoppedAt,
                Instant.parse(client.activeAlarm("gateway", "storage-failing").orElseThrow().path("raisedAt").asText()));
        Measurements.reportMillis("fault.database.storage_alarm_after_ms", storageAlarmAfter);
        assertThat(storageAlarmAfter).isLessThanOrEqualTo(STORAGE_ALARM_WITHIN);

        // and alarms and the live view work on: SpO2 falls and recovers during the outage
        oximeter.set("SPO2", 84);
        await("spo2-critical raised during the outage").atMost(LIMIT_ALARM)
                .until(() -> client.activeAlarm("bed-1", "spo2-critical").isPresent());
        JsonNode spo2 = client.getJson("/api/beds/bed-1").path("vitals").path("SPO2");
        assertThat(spo2.path("value").asDouble()).isEqualTo(84);
        assertThat(Instant.parse(spo2.path("time").asText())).isAfter(stoppedAt);
        oximeter.set("SPO2", 97);
        await("spo2-critical latched").atMost(LIMIT_ALARM).until(() -> client.activeAlarm("bed-1", "spo2-critical")
                .map(a -> a.path("state").asText().equals("LATCHED")).orElse(false));
        String latched = client.activeAlarm("bed-1", "spo2-critical").orElseThrow().path("id").asText();
        assertThat(client.post("/api/alarms/" + latched + "/ack", "{}").statusCode()).isEqualTo(200);
        Duration rest = OUTAGE.minus(Duration.between(stoppedAt, Instant.now()));
        await("live view current for the rest of the outage").during(rest).atMost(rest.plusSeconds(5))
                .until(() -> liveSpo2(client).filter(t -> t.isAfter(Instant.now().minus(LIVE))).isPresent());

        // when: PostgreSQL is back
        postgres.startServer();
        Instant backAt = Instant.now();
        Measurements.reportMillis("fault.database.outage_ms", Duration.between(stoppedAt, backAt));

        // then: storage-failing ends
        await("storage-failing ended").atMost(STORAGE_ALARM_ENDED)
                .until(() -> client.activeAlarm("gateway", "storage-failing").isEmpty());
        Optional<JsonNode> storageEnded = client.alarmLog("gateway", stoppedAt).stream()
                .filter(e -> e.path("rule").asText().equals("storage-failing") && e.path("transition").asText().equals("ENDED"))
                .findFirst();
        storageEnded.ifPresent(e -> Measurements.reportMillis("fault.database.storage_alarm_ended_after_return_ms",
                Duration.between(backAt, Instant.parse(e.path("changedAt").asText()))));

        // and every alarm change the gateway announced on its live stream is in its alarm log, once
        List<String> announced = dashboard.events("alarm").map(e -> key(e.data())).toList();
        Measurements.report("fault.database.alarm_changes", announced.size());
        await("every alarm change in the alarm log").atMost(LOG_CAUGHT_UP).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(logged(client, gateway.launchedAt())).containsAll(announced));
        assertThat(logged(client, gateway.launchedAt())).doesNotHaveDuplicates();
    }

    private static Optional<Instant> liveSpo2(GatewayClient client) throws Exception {
        JsonNode spo2 = client.getJson("/api/beds/bed-1").path("vitals").path("SPO2");
        return spo2.hasNonNull("time") ? Optional.of(Instant.parse(spo2.path("time").asText())) : Optional.empty();
    }

    private static List<String> logged(GatewayClient client, Instant since) throws Exception {
        List<String> keys = new ArrayList<>();
        for (String bed : List.of("bed-1", "gateway")) {
            client.alarmLog(bed, since).forEach(entry -> keys.add(key(entry)));
        }
        return keys;
    }

    /** One alarm change: the alarm, what happened to it, and when (to the millisecond, as both sides keep it). */
    private static String key(JsonNode change) {
        return change.path("id").asText() + " " + change.path("transition").asText() + " "
                + Instant.parse(change.path("changedAt").asText()).truncatedTo(ChronoUnit.MILLIS);
    }
}
