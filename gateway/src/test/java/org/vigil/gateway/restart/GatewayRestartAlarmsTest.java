package org.vigil.gateway.restart;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.support.ScenarioWard;
import org.vigil.simulators.scenario.Scenarios;

/**
 * The gateway stopped and started again on the same storage folder, with the bed's oximeter
 * (a simulated Masimo over TCP) running throughout: the alarm log survives, and latched alarms
 * are in force again until someone acknowledges them.
 */
class GatewayRestartAlarmsTest {

    /** Desaturation reaches SpO2 &lt; 88 about 3 s of wall time after it starts. */
    private static final double TIME_SCALE = 15;
    private static final Duration CONNECT = ofSeconds(20);
    /** spo2-critical: 5 s delay, plus the fall of the SpO2 and a reading interval. */
    private static final Duration CRITICAL_RAISED = ofSeconds(15);
    private static final Duration SPO2_LOW_DELAY = ofSeconds(15);
    /** SpO2 back to >= 89 (limit 88 + hysteresis 1) once the patient recovers. */
    private static final Duration RECOVERED = ofSeconds(15);

    @TempDir
    Path storage;

    private ScenarioWard ward;
    private Instant testStart;

    @BeforeEach
    void givenABedWhosePatientDesaturates() throws Exception {
        testStart = Instant.now();
        ward = ScenarioWard.start(storage, Map.of("bed-1",
                List.of(ScenarioWard.tcp("bed-1-oximeter", "masimo", Scenarios.normal(), TIME_SCALE))));
        await("bed-1 oximeter streaming").atMost(CONNECT).until(() ->
                ward.getJson("/api/beds/bed-1").path("devices").get(0).path("status").asText().equals("STREAMING"));
        ward.device("bed-1-oximeter").switchScenario(Scenarios.desaturation());
        await("spo2-critical raised").atMost(CRITICAL_RAISED).until(() -> active("spo2-critical").isPresent());
    }

    @AfterEach
    void stop() {
        if (ward != null) ward.close();
    }

    @Test
    void aLatchedAlarmIsInForceAgainAfterARestartUntilAcknowledged() throws Exception {
        // given: the patient recovered, the critical alarm latched, nobody acknowledged it
        ward.device("bed-1-oximeter").switchScenario(Scenarios.normal());
        await("spo2-critical latched").atMost(RECOVERED)
                .until(() -> active("spo2-critical").map(a -> a.path("state").asText()).orElse("").equals("LATCHED"));
        String alarmId = active("spo2-critical").orElseThrow().path("id").asText();

        // when
        ward.restartGateway();

        // then: the log written before the restart is still readable
        JsonNode log = ward.getJson("/api/alarms?bed=bed-1&since=" + encode(testStart));
        assertThat(transitionsOf(log, alarmId)).contains("RAISED", "LATCHED");

        // and the latched alarm is in force again, and stays while normal readings flow
        JsonNode restored = active("spo2-critical").orElseThrow(() -> new AssertionError("latched alarm forgotten"));
        assertThat(restored.path("id").asText()).isEqualTo(alarmId);
        assertThat(restored.path("state").asText()).isEqualTo("LATCHED");
        assertThat(restored.path("priority").asText()).isEqualTo("HIGH");
        await("bed-1 streaming to the new gateway").atMost(CONNECT).until(() ->
                ward.getJson("/api/beds/bed-1").path("devices").get(0).path("status").asText().equals("STREAMING"));
        await("latched alarm held while SpO2 is normal").during(ofSeconds(3)).atMost(ofSeconds(5))
                .until(() -> active("spo2-critical").isPresent());

        // until a nurse acknowledges it
        var ack = ward.post("/api/alarms/" + alarmId + "/ack", "{}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        await("acknowledged latched alarm gone").atMost(ofSeconds(2)).until(() -> active("spo2-critical").isEmpty());
        assertThat(transitionsOf(ward.getJson("/api/alarms?bed=bed-1&since=" + encode(testStart)), alarmId))
                .contains("RAISED", "LATCHED", "RESTORED", "ACKNOWLEDGED");
    }

    @Test
    void acrossARestartTheLatchingAlarmKeepsItsIdentityAndTheOtherIsClosedThenRaisedAgainFromLiveData() throws Exception {
        // given: SpO2 still below 88, so both spo2-critical (latching) and spo2-low (not latching) are active
        await("spo2-low raised").atMost(SPO2_LOW_DELAY.plus(ofSeconds(5))).until(() -> active("spo2-low").isPresent());
        String criticalId = active("spo2-critical").orElseThrow().path("id").asText();
        String lowId = active("spo2-low").orElseThrow().path("id").asText();

        // when
        ward.restartGateway();

        // then: the latching alarm is the same alarm, not raised a second time
        JsonNode restored = active("spo2-critical").orElseThrow(() -> new AssertionError("active alarm forgotten"));
        assertThat(restored.path("id").asText()).isEqualTo(criticalId);
        assertThat(restored.path("state").asText()).isEqualTo("ACTIVE");
        await("bed-1 streaming to the new gateway").atMost(CONNECT).until(() ->
                ward.getJson("/api/beds/bed-1").path("devices").get(0).path("status").asText().equals("STREAMING"));
        await("readings below 88 after the restart").during(ofSeconds(3)).atMost(ofSeconds(5))
                .until(() -> active("spo2-critical").map(a -> a.path("id").asText()).orElse("").equals(criticalId));
        JsonNode log = ward.getJson("/api/alarms?bed=bed-1&since=" + encode(testStart));
        assertThat(transitionsOf(log, criticalId)).filteredOn("RAISED"::equals).as("spo2-critical raised once").hasSize(1);

        // and the non-latching alarm's log entry does not stay open for ever: it ended with the old gateway
        assertThat(transitionsOf(log, lowId)).as("log of " + lowId).endsWith("ENDED");
        // and it comes back from live data, after its delay, as a new alarm
        await("spo2-low raised again").atMost(SPO2_LOW_DELAY.plus(CONNECT))
                .until(() -> active("spo2-low").map(a -> !a.path("id").asText().equals(lowId)).orElse(false));
    }

    private Optional<JsonNode> active(String rule) throws Exception {
        for (JsonNode alarm : ward.getJson("/api/alarms?state=active")) {
            if (alarm.path("bed").asText().equals("bed-1") && alarm.path("rule").asText().equals(rule)) {
                return Optional.of(alarm);
            }
        }
        return Optional.empty();
    }

    /** The transitions the log holds for one alarm, oldest first. */
    private static List<String> transitionsOf(JsonNode log, String alarmId) {
        List<String> transitions = new ArrayList<>();
        for (JsonNode entry : log) {
            if (entry.path("id").asText().equals(alarmId)) transitions.add(entry.path("transition").asText());
        }
        return transitions;
    }

    private static String encode(Instant time) {
        return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
    }
}
