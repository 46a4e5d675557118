package org.vigil.gateway.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerting.Priority;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.config.DurationText;
import org.vigil.gateway.config.Hl7DestinationConfig;
import org.vigil.gateway.config.Hl7Kind;
import org.vigil.gateway.config.HttpConfig;
import org.vigil.gateway.config.MqttConfig;
import org.vigil.gateway.config.StorageConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.fhir.Admission;
import org.vigil.gateway.http.AccessPolicy;
import org.vigil.gateway.storage.Hl7OutboxEntry;
import org.vigil.gateway.storage.Hl7OutboxRepository;
import org.vigil.gateway.support.FreePorts;
import org.vigil.gateway.support.TestWards;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * A whole gateway with a PCD-01 and a PCD-04 destination, each a real HAPI MLLP receiver: the
 * readings of a bed become one ORU^R01 per charting interval and one for the reading that raised an
 * alarm; every alarm change becomes an ORU^R40; and a backlog queued while the receivers were down
 * survives a restart of the gateway and arrives once, in order.
 */
class Hl7GatewayTest {

    private static final Duration CHARTING_INTERVAL = Duration.ofSeconds(2);
    private static final String OXIMETER = "bed-1-oximeter";
    /** spo2-critical of kap-adult: 5 s delay, then the evaluation tick and the queue to the receiver. */
    private static final Duration CRITICAL_RAISED = Duration.ofSeconds(5).plus(MllpSender.LAST_RETRY);
    private static final Duration DELIVERED = MllpSender.LAST_RETRY.plus(MllpSender.CONNECT_TIMEOUT)
            .plus(Duration.ofSeconds(5));

    @TempDir
    Path storage;

    private final ScheduledExecutorService oximeter = Executors.newSingleThreadScheduledExecutor();
    private volatile double spo2 = 97;
    private Duration lagAlarm = Hl7DestinationConfig.DEFAULT_LAG_ALARM;
    private int ehrPort;
    private int alarmManagerPort;
    private MllpReceiver ehr;
    private MllpReceiver alarmManager;
    private Gateway gateway;

    @BeforeEach
    void givenTwoReceiverPorts() {
        ehrPort = FreePorts.next();
        alarmManagerPort = FreePorts.next();
    }

    @AfterEach
    void stop() throws Exception {
        oximeter.shutdownNow();
        if (gateway != null) gateway.close();
        if (ehr != null) ehr.close();
        if (alarmManager != null) alarmManager.close();
    }

    @Test
    void readingsOfABedBecomeOneObservationReportPerIntervalAndAnAlarmBecomesAlertReports() throws Exception {
        // given
        ehr = MllpReceiver.on(ehrPort);
        alarmManager = MllpReceiver.on(alarmManagerPort);
        gateway = startGateway();

        // when: the oximeter streams SpO2 and pulse for two charting intervals
        streamOximeter();
        await("an interval report with SpO2 and pulse").atMost(CHARTING_INTERVAL.multipliedBy(2).plus(DELIVERED))
                .until(() -> ehr.received().stream().anyMatch(report -> metricCodes(report).size() == 2));

        // then: one ORU^R01 per interval holds both vitals of the bed
        Message report = ehr.received().stream().filter(r -> metricCodes(r).size() == 2).findFirst().orElseThrow();
        assertThat(metricCodes(report)).containsExactly("150456", "149530");
        Terser fields = new Terser(report);
        assertThat(fields.get("/PATIENT_RESULT/PATIENT/VISIT/PV1-3-3")).isEqualTo("bed-1");
        assertThat(fields.get("/PATIENT_RESULT/PATIENT/PID-3-5")).isEqualTo("U");

        // when: the nurse admits the patient
        gateway.recorder().admit("bed-1", new Admission("Doe", "Jane", "urn:oid:1.2.3.4", "MRN-0042",
                LocalDate.of(1980, 2, 14))).get(5, TimeUnit.SECONDS);

        // then: the next reports name the patient from the admission
        await("a report for the admitted patient").atMost(CHARTING_INTERVAL.multipliedBy(2).plus(DELIVERED))
                .until(() -> ehr.received().stream().anyMatch(r -> field(r, "/PATIENT_RESULT/PATIENT/PID-3-1").equals("MRN-0042")));
        Terser admitted = new Terser(ehr.received().stream()
                .filter(r -> field(r, "/PATIENT_RESULT/PATIENT/PID-3-1").equals("MRN-0042")).findFirst().orElseThrow());
        assertThat(admitted.get("/PATIENT_RESULT/PATIENT/PID-3-4-2")).isEqualTo("1.2.3.4");
        assertThat(admitted.get("/PATIENT_RESULT/PATIENT/PID-3-5")).isEqualTo("MR");
        assertThat(admitted.get("/PATIENT_RESULT/PATIENT/PID-5-1")).isEqualTo("Doe");
        assertThat(admitted.get("/PATIENT_RESULT/PATIENT/PID-5-2")).isEqualTo("Jane");
        assertThat(admitted.get("/PATIENT_RESULT/PATIENT/PID-7")).isEqualTo("19800214");

        // when: SpO2 falls below the critical limit of 88
        spo2 = 84;
        await("spo2-critical raised, reported to the alert manager").atMost(CRITICAL_RAISED.plus(DELIVERED))
                .until(() -> alertReports("spo2-critical").size() >= 1);

        // then: the alert report carries the value and the limit it crossed
        Terser raised = new Terser(alertReports("spo2-critical").get(0));
        assertThat(raised.get("/PATIENT_RESULT/PATIENT/PID-3-1")).isEqualTo("MRN-0042");
        String kind = ObservationReportTest.obx(0);
        String source = ObservationReportTest.obx(1);
        assertThat(ObservationReportTest.code(raised, kind + "-5")).isEqualTo("196670^MDC_EVT_LO^MDC");
        assertThat(raised.get(source + "-3-1")).isEqualTo("150456");
        assertThat(raised.get(source + "-5")).isEqualTo("84");
        assertThat(raised.get(source + "-7")).isEqualTo(">88");
        assertThat(raised.get(ObservationReportTest.obx(2) + "-5")).isEqualTo("start");
        assertThat(raised.get(ObservationReportTest.obx(5) + "-5")).isEqualTo("PH");
        String alarmId = raised.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3-1");
        assertThat(alarmId).startsWith("bed-1/spo2-critical/");

        // and the reading that raised it is an observation report of its own
        await("the raising reading charted").atMost(DELIVERED).until(() -> ehr.received().stream()
                .anyMatch(r -> metricValues(r).contains("150456=84")));

        // when: the nurse acknowledges it
        gateway.alarms().acknowledge(alarmId, "anna").get(5, TimeUnit.SECONDS);

        // then: the alert manager hears about it, under the same alarm identity
        await("acknowledgement reported").atMost(DELIVERED).until(() -> alertReports("spo2-critical").stream()
                .anyMatch(m -> field(m, ObservationReportTest.obx(4) + "-5").equals("alert-acknowledged")));
        assertThat(alertReports("spo2-critical")).allSatisfy(m ->
                assertThat(field(m, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3-1")).isEqualTo(alarmId));
        assertThat(gateway.hl7().senders()).allSatisfy(sender -> assertThat(sender.status().parked()).isZero());
    }

    @Test
    void aBacklogQueuedWhileTheReceiversAreDownSurvivesARestartAndArrivesOnceInOrder() throws Exception {
        // given: no receiver listens; the gateway queues alarm changes and interval reports
        gateway = startGateway();
        streamOximeter();
        gateway.alarms().raise("test-condition", Priority.MEDIUM, "A condition for the test");
        gateway.alarms().clear("test-condition");
        Hl7OutboxRepository outbox = new Hl7OutboxRepository(gateway.database(), Clock.systemUTC());
        await("alarm reports and observation reports queued").atMost(CHARTING_INTERVAL.multipliedBy(3).plus(DELIVERED))
                .until(() -> outbox.backlog("alarms").pending() >= 2 && outbox.backlog("ehr").pending() >= 2);

        // when: the gateway stops with its backlog, the receivers start, and the gateway starts again
        oximeter.shutdownNow();
        gateway.close();
        ehr = MllpReceiver.on(ehrPort);
        alarmManager = MllpReceiver.on(alarmManagerPort);
        Instant restartedAt = Instant.now();
        gateway = startGateway();
        Hl7OutboxRepository after = new Hl7OutboxRepository(gateway.database(), Clock.systemUTC());

        // then: every message queued before the restart arrives exactly once, in the order queued
        await("the backlog delivered").atMost(DELIVERED.multipliedBy(2)).until(() ->
                after.backlog("ehr").pending() == 0 && after.backlog("alarms").pending() == 0);
        List<String> queuedToEhr = sentQueuedBefore(after, "ehr", restartedAt);
        List<String> queuedToAlarms = sentQueuedBefore(after, "alarms", restartedAt);
        assertThat(queuedToEhr).hasSizeGreaterThanOrEqualTo(2);
        assertThat(queuedToAlarms).hasSizeGreaterThanOrEqualTo(2);
        assertThat(ehr.controlIds()).startsWith(queuedToEhr.toArray(String[]::new)).doesNotHaveDuplicates();
        assertThat(alarmManager.controlIds()).startsWith(queuedToAlarms.toArray(String[]::new)).doesNotHaveDuplicates();
        List<String> phases = new ArrayList<>();
        for (Message message : alarmManager.received()) {
            if (field(message, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3-1").startsWith("gateway/test-condition/")) {
                phases.add(field(message, ObservationReportTest.obx(2) + "-5"));
            }
        }
        assertThat(phases).containsExactly("start", "end");
    }

    @Test
    void alertReportsTheAlertManagerRefusesAreParkedAndAnAdminQueuesThemAgainOverHttp() throws Exception {
        // given: an alert manager that answers AE to everything
        ehr = MllpReceiver.on(ehrPort);
        alarmManager = MllpReceiver.on(alarmManagerPort);
        alarmManager.answer(message -> new MllpReceiver.Answer(AcknowledgmentCode.AE, "Unknown location bed-1"));
        gateway = startGateway();
        Hl7OutboxRepository outbox = new Hl7OutboxRepository(gateway.database(), Clock.systemUTC());

        // when: an alarm is raised and cleared
        gateway.alarms().raise("test-condition", Priority.MEDIUM, "A condition for the test");
        gateway.alarms().clear("test-condition");

        // then: both reports are parked with the alert manager's text
        await("both reports parked").atMost(DELIVERED).until(() -> outbox.backlog("alarms").parked() == 2);
        assertThat(outbox.entries("alarms", Hl7OutboxEntry.State.PARKED, 10))
                .allSatisfy(parked -> assertThat(parked.lastError()).startsWith("AE").contains("Unknown location bed-1"));

        // when: the cause is fixed and an admin queues them again
        alarmManager.answer(message -> MllpReceiver.Answer.ACCEPT);
        HttpResponse<String> unknown = post("/api/hl7/requeue", "{\"destination\":\"lab\"}");
        HttpResponse<String> requeued = post("/api/hl7/requeue", "{\"destination\":\"alarms\"}");

        // then
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("no HL7 destination 'lab'");
        assertThat(requeued.statusCode()).as(requeued.body()).isEqualTo(200);
        assertThat(requeued.body()).contains("\"requeued\":2");
        await("requeued reports delivered").atMost(DELIVERED).until(() ->
                outbox.entries("alarms", Hl7OutboxEntry.State.SENT, 10).size() == 2);
        List<String> sent = outbox.entries("alarms", Hl7OutboxEntry.State.SENT, 10).stream().map(Hl7OutboxEntry::controlId).toList();
        assertThat(alarmManager.controlIds()).containsExactly(sent.get(0), sent.get(1), sent.get(0), sent.get(1));
    }

    @Test
    void aDestinationThatFallsBehindIsATechnicalAlarmAndItsBacklogAMetricUntilItCatchesUp() throws Exception {
        // given: the alert manager is down and may lag 1 s
        lagAlarm = Duration.ofSeconds(1);
        gateway = startGateway();

        // when: an alarm change waits for it
        gateway.alarms().raise("test-condition", Priority.MEDIUM, "A condition for the test");

        // then: the gateway raises its own high-priority alarm and shows the backlog
        Duration noticed = lagAlarm.plus(Hl7LagWatch.CHECK_PERIOD.multipliedBy(2));
        await("hl7-failing-alarms raised").atMost(noticed).until(() -> gateway.alarms().activeAlarms().stream()
                .anyMatch(alarm -> alarm.rule().equals("hl7-failing-alarms") && alarm.priority().equals("HIGH")));
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("vigil_hl7_backlog\\{destination=\"alarms\"[^}]*} [1-9]");
        assertThat(metrics.body()).contains("vigil_hl7_oldest_age_seconds{destination=\"alarms\"");

        // when: the alert manager comes up
        alarmManager = MllpReceiver.on(alarmManagerPort);

        // then: the backlog drains and the alarm ends
        await("hl7-failing-alarms ended").atMost(DELIVERED.plus(Hl7LagWatch.CHECK_PERIOD.multipliedBy(2)))
                .until(() -> gateway.alarms().activeAlarms().stream().noneMatch(alarm -> alarm.rule().equals("hl7-failing-alarms")));
        assertThat(alarmManager.received()).isNotEmpty();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Gateway startGateway() throws Exception {
        VigilConfig config = new VigilConfig(new HttpConfig("127.0.0.1", 0),
                new MqttConfig(true, "127.0.0.1", FreePorts.next(), null, null, null, "vigil-test-" + System.nanoTime()),
                new StorageConfig(storage.toString(), null, null, null, null, new DurationText(CHARTING_INTERVAL)), null,
                List.of(TestWards.bed("bed-1", TestWards.mqtt(OXIMETER, "json", "vigil/devices/bed-1/oximeter"))),
                TestWards.shippedConfig())
                .withHl7(List.of(
                        Hl7DestinationConfig.to("ehr", Hl7Kind.PCD_01, "127.0.0.1", ehrPort).withAckTimeout(Duration.ofSeconds(5)),
                        Hl7DestinationConfig.to("alarms", Hl7Kind.PCD_04, "127.0.0.1", alarmManagerPort)
                                .withAckTimeout(Duration.ofSeconds(5)).withLagAlarm(lagAlarm)));
        return Gateway.start(config, AccessPolicy.OPEN);
    }

    /** SpO2 and pulse once a second, as an oximeter sends them. */
    private void streamOximeter() {
        oximeter.scheduleAtFixedRate(() -> {
            Instant now = Instant.now();
            gateway.pipeline().reading(Reading.of(OXIMETER, VitalSign.SPO2, spo2, now));
            gateway.pipeline().reading(Reading.of(OXIMETER, VitalSign.PULSE_RATE, 72, now));
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** Control ids of the messages acknowledged by now that were queued before {@code restartedAt}, in outbox order. */
    private static List<String> sentQueuedBefore(Hl7OutboxRepository outbox, String destination, Instant restartedAt) {
        return outbox.entries(destination, Hl7OutboxEntry.State.SENT, 1000).stream()
                .filter(entry -> entry.createdAt().isBefore(restartedAt))
                .map(Hl7OutboxEntry::controlId).toList();
    }

    private List<Message> alertReports(String rule) {
        return alarmManager.received().stream()
                .filter(m -> field(m, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3-1").contains("/" + rule + "/"))
                .toList();
    }

    /** OBX-3 codes of the rows with a value. */
    private static List<String> metricCodes(Message message) {
        return metricValues(message).stream().map(value -> value.substring(0, value.indexOf('='))).toList();
    }

    /** code=value of the rows with a value. */
    private static List<String> metricValues(Message message) {
        List<String> values = new ArrayList<>();
        for (int row = 0; ; row++) {
            String obx = ObservationReportTest.obx(row);
            if (field(message, obx + "-1").isEmpty()) return values;
            String value = field(message, obx + "-5");
            if (!value.isEmpty()) values.add(field(message, obx + "-3-1") + "=" + value);
        }
    }

    private static String field(Message message, String path) {
        String value = MllpReceiver.field(message, path);
        return value == null ? "" : value;
    }
}
