package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.vigil.gateway.faults.FaultConfigs.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.support.LiveStream;

/**
 * A real mosquitto under a running gateway whose beds' devices publish to it: the broker killed
 * with SIGKILL and started again on the same port; and the gateway's own liveness on the broker.
 */
class BrokerRestartFaultIT {

    private static final List<String> BEDS = List.of("bed-1", "bed-2");
    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    private static final Duration STREAMING = Duration.ofSeconds(10);
    /** A lost broker is a technical alarm this soon, by the gateway's own timestamps. */
    private static final Duration ALARM_WITHIN = Duration.ofSeconds(1);
    private static final Duration ALARM_SEEN = Duration.ofSeconds(5);
    private static final Duration BROKER_DOWN = Duration.ofSeconds(5);
    /** Paho reconnects after 1 s, doubling (MqttDeviceHub.MAX_RECONNECT_DELAY): about 2 s after a 5 s outage. */
    private static final Duration READINGS_AGAIN_WITHIN = Duration.ofSeconds(10);
    private static final Duration ALARM_ENDED = Duration.ofSeconds(10);
    private static final String STATUS = "vigil/gateway/status";
    private static final String HEARTBEAT = "vigil/gateway/heartbeat";
    private static final Duration RETAINED_STATUS = Duration.ofSeconds(5);
    /** The gateway says it is alive at least this often. */
    private static final Duration HEARTBEAT_AT_MOST_EVERY = Duration.ofSeconds(10);
    private static final int HEARTBEATS = 3;
    /** The broker publishes the will as soon as it sees the connection closed, which the kernel does at the kill. */
    private static final Duration LAST_WILL = Duration.ofSeconds(5);

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    private MosquittoProcess broker;
    private GatewayProcess gateway;
    private GatewayClient client;
    private LiveStream dashboard;

    @BeforeEach
    void givenAGatewayOnARealBrokerWithTwoBedsPublishing() throws Exception {
        broker = processes.track(MosquittoProcess.start(Files.createDirectories(directory.resolve("broker"))));
        FaultConfigs.Builder configs = FaultConfigs.in(Files.createDirectories(directory.resolve("gateway"))).broker(broker.url());
        BEDS.forEach(bed -> configs.bed(bed, json(bed + "-oximeter", topicOf(bed))));
        gateway = processes.track(GatewayProcess.start(configs.write(), "broker"));
        client = GatewayClient.of(gateway);
        dashboard = processes.track(client.stream());
        WardPublisher ward = processes.track(WardPublisher.connect(broker.url(), "fault-ward"));
        BEDS.forEach(bed -> ward.device(topicOf(bed), READING_PERIOD).set("SPO2", 97).set("PULSE_RATE", 72));
        await("both beds streaming").atMost(STREAMING).until(() -> BEDS.stream().allMatch(this::streaming));
    }

    @Test
    void aBrokerKilledAndRestartedIsATechnicalAlarmAtOnceAndReadingsFlowAgainWhenItReturns() throws Exception {
        // when: kill -9 of the broker
        Instant killedAt = Instant.now();
        broker.kill9();

        // then: each bed's device is disconnected, an alarm within a second by the gateway's clock
        await("device-disconnected on every bed").atMost(ALARM_SEEN)
                .until(() -> BEDS.stream().allMatch(bed -> active(bed, "device-disconnected").isPresent()));
        for (String bed : BEDS) {
            Duration after = Duration.between(killedAt, Instant.parse(active(bed, "device-disconnected").orElseThrow()
                    .path("raisedAt").asText()));
            Measurements.reportMillis("fault.broker." + bed + ".device_alarm_after_ms", after);
            assertThat(after).as(bed + " device-disconnected after the kill").isLessThanOrEqualTo(ALARM_WITHIN);
        }
        await("alarms held while the broker is down").during(BROKER_DOWN).atMost(BROKER_DOWN.plusSeconds(2))
                .until(() -> BEDS.stream().allMatch(bed -> active(bed, "device-disconnected").isPresent()));

        // when: the broker is back on the same port
        broker.restart();
        Instant returnedAt = Instant.now();

        // then: readings of every bed flow again, by the time the gateway stamped them on receipt
        await("readings of every bed after the broker's return").atMost(READINGS_AGAIN_WITHIN)
                .until(() -> BEDS.stream().allMatch(bed -> firstReadingAfter(bed, returnedAt).isPresent()));
        for (String bed : BEDS) {
            Duration after = Duration.between(returnedAt, firstReadingAfter(bed, returnedAt).orElseThrow());
            Measurements.reportMillis("fault.broker." + bed + ".readings_after_return_ms", after);
            assertThat(after).isLessThanOrEqualTo(READINGS_AGAIN_WITHIN);
        }
        await("device-disconnected ended on every bed").atMost(ALARM_ENDED)
                .until(() -> BEDS.stream().allMatch(bed -> active(bed, "device-disconnected").isEmpty()));

        // and the gateway's own technical alarm for the lost broker was raised at once and has ended
        await("mqtt-connection-lost ended").atMost(ALARM_ENDED)
                .until(() -> client.activeAlarm("gateway", "mqtt-connection-lost").isEmpty());
        List<JsonNode> gatewayLog = client.alarmLog("gateway", killedAt.minusSeconds(1));
        Optional<JsonNode> raised = entry(gatewayLog, "mqtt-connection-lost", "RAISED");
        Optional<JsonNode> ended = entry(gatewayLog, "mqtt-connection-lost", "ENDED");
        raised.ifPresent(e -> Measurements.reportMillis("fault.broker.alarm_after_ms", Duration.between(killedAt, changedAt(e))));
        ended.ifPresent(e -> Measurements.reportMillis("fault.broker.alarm_ended_after_return_ms", Duration.between(returnedAt, changedAt(e))));
        assertAll(
                () -> assertThat(raised).as("mqtt-connection-lost RAISED on bed gateway, in " + gatewayLog).isPresent(),
                () -> raised.ifPresent(e -> assertThat(Duration.between(killedAt, changedAt(e)))
                        .as("mqtt-connection-lost raised after the kill").isLessThanOrEqualTo(ALARM_WITHIN)),
                () -> assertThat(ended).as("mqtt-connection-lost ENDED on bed gateway").isPresent(),
                () -> ended.ifPresent(e -> assertThat(changedAt(e))
                        .as("mqtt-connection-lost ended after the broker returned").isAfter(returnedAt)));
    }

    @Test
    void whileItRunsTheGatewaysStatusIsRetainedOnline() throws Exception {
        // when: a client subscribes after the gateway connected
        MqttWatcher watcher = processes.track(MqttWatcher.subscribe(broker.url(), "fault-status", STATUS));

        // then
        await("retained status").atMost(RETAINED_STATUS).until(() -> !watcher.messages(STATUS).isEmpty());
        MqttWatcher.Message status = watcher.messages(STATUS).get(0);
        assertThat(status.retained()).as("retained").isTrue();
        assertThat(status.payload().trim()).isEqualTo("online");
    }

    @Test
    void theGatewayPublishesAHeartbeatPeriodically() throws Exception {
        // when
        MqttWatcher watcher = processes.track(MqttWatcher.subscribe(broker.url(), "fault-heartbeat", HEARTBEAT));

        // then
        await(HEARTBEATS + " heartbeats").atMost(HEARTBEAT_AT_MOST_EVERY.multipliedBy(HEARTBEATS))
                .until(() -> watcher.messages(HEARTBEAT).stream().filter(m -> !m.retained()).count() >= HEARTBEATS);
        List<MqttWatcher.Message> beats = watcher.messages(HEARTBEAT).stream().filter(m -> !m.retained()).toList();
        List<Long> intervals = new ArrayList<>();
        for (int i = 1; i < beats.size(); i++) {
            intervals.add(Duration.between(beats.get(i - 1).receivedAt(), beats.get(i).receivedAt()).toMillis());
        }
        Measurements.report("fault.broker.heartbeat_intervals_ms", intervals);
        assertThat(intervals).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(HEARTBEAT_AT_MOST_EVERY.toMillis()));
    }

    @Test
    void aGatewayKilledWithSigkillIsMarkedOfflineByItsLastWill() throws Exception {
        // given: a client that watches the gateway's status
        MqttWatcher watcher = processes.track(MqttWatcher.subscribe(broker.url(), "fault-will", STATUS));

        // when
        Instant killedAt = Instant.now();
        gateway.kill9();

        // then: the broker publishes the will, and keeps it for whoever subscribes later
        await("offline from the last will").atMost(LAST_WILL)
                .until(() -> watcher.messages(STATUS).stream().anyMatch(m -> m.payload().trim().equals("offline")));
        MqttWatcher.Message will = watcher.messages(STATUS).stream().filter(m -> m.payload().trim().equals("offline"))
                .findFirst().orElseThrow();
        Measurements.reportMillis("fault.broker.last_will_after_kill_ms", Duration.between(killedAt, will.receivedAt()));
        MqttWatcher later = processes.track(MqttWatcher.subscribe(broker.url(), "fault-will-later", STATUS));
        await("retained offline").atMost(RETAINED_STATUS).until(() -> !later.messages(STATUS).isEmpty());
        assertThat(later.messages(STATUS).get(0).payload().trim()).isEqualTo("offline");
        assertThat(later.messages(STATUS).get(0).retained()).isTrue();
    }

    private static String topicOf(String bed) {
        return "ward/" + bed + "/oximeter";
    }

    private boolean streaming(String bed) {
        try {
            return client.getJson("/api/beds/" + bed).path("devices").get(0).path("status").asText().equals("STREAMING");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<JsonNode> active(String bed, String rule) {
        try {
            return client.activeAlarm(bed, rule);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gateway's receive time of the bed's first reading at or after {@code time}, from the live stream. */
    private Optional<Instant> firstReadingAfter(String bed, Instant time) {
        return dashboard.events("reading").filter(e -> e.data().path("bed").asText().equals(bed))
                .map(e -> Instant.parse(e.data().path("time").asText()))
                .filter(t -> !t.isBefore(time))
                .findFirst();
    }

    private static Optional<JsonNode> entry(List<JsonNode> log, String rule, String transition) {
        return log.stream().filter(e -> e.path("rule").asText().equals(rule) && e.path("transition").asText().equals(transition))
                .findFirst();
    }

    private static Instant changedAt(JsonNode entry) {
        return Instant.parse(entry.path("changedAt").asText());
    }
}
