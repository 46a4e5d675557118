package org.vigil.gateway.scenarios;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.support.LiveStream.Event;
import org.vigil.gateway.support.ScenarioWard;
import org.vigil.gateway.support.ScenarioWard.Device;
import org.vigil.simulators.ble.BleBloodPressureSimulator;
import org.vigil.simulators.suntech.SunTechModuleSimulator;
import org.vigil.simulators.scenario.Scenario;
import org.vigil.simulators.scenario.Scenarios;

/**
 * Every simulator scenario through the real pipeline: simulated devices over TCP and MQTT, the
 * gateway's drivers, the alarm engine on the kap-adult profile, and a dashboard on the live stream.
 * The beds play their scenarios side by side, so the whole ward takes about a minute.
 *
 * <p>Scenario time runs faster than wall time (the time scale of each bed), but the gateway's alarm
 * delays run on wall time: each delay is measured from the live-stream reading (or device event)
 * that started it to the alarm event, and must lie between the rule's delay and the delay plus
 * {@link #BOUND} (one 1 Hz reading interval, the 250 ms alarm tick, and scheduling slack).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedScenarioAlarmsTest {

    /** Allowed lateness of an alarm beyond its rule's delay. */
    private static final Duration BOUND = ofSeconds(3);
    /**
     * Allowed earliness: the delays are measured between the dashboard's receive times of the
     * reading and of the alarm, which carry the client's scheduling jitter on a loaded machine.
     */
    private static final Duration EARLY = Duration.ofSeconds(1);
    /** Devices connect within the driver's first backoff. */
    private static final Duration CONNECT = ofSeconds(20);

    // kap-adult.yaml
    private static final Duration SPO2_LOW_DELAY = ofSeconds(15);
    private static final Duration SPO2_CRITICAL_DELAY = ofSeconds(5);
    private static final Duration HR_LOW_DELAY = ofSeconds(10);
    private static final Duration NEWS2_DELAY = ofSeconds(30);
    private static final Duration SENSOR_OFF_DELAY = ofSeconds(30);

    /** 10 simulated minutes of desaturation in 40 s of wall time: longer than every SpO2 and NEWS2 delay. */
    private static final double DESATURATION_SCALE = 15;
    private static final double BRADYCARDIA_SCALE = 10;
    /** The probe comes off 10 s of wall time into the session, after valid readings. */
    private static final double SENSOR_OFF_SCALE = 2;
    /** The BP plateau (11 to 30 simulated minutes) lasts 19 s of wall time. */
    private static final double HYPERTENSION_SCALE = 60;
    /** An artifact burst of 2 to 4 s every 15 s of wall time. */
    private static final double ARTIFACT_SCALE = 2;
    /** Two simulated hours in one minute of wall time. */
    private static final double NORMAL_SCALE = 120;
    private static final Duration NORMAL_SESSION = ofSeconds(60);
    /** The cuff measures every 5 s of wall time (2 s per measurement), so confirmation fits the plateau. */
    private static final Duration BP_INTERVAL = ofSeconds(5);
    private static final Duration BP_CYCLE = ofSeconds(2);
    /** A SunTech module measuring in 3 s, started by "BP now" every 5 s. */
    private static final Duration SUNTECH_CYCLE = ofSeconds(3);
    private static final Duration SUNTECH_INTERVAL = ofSeconds(5);
    /** Shorter than the 30 s data-stale limit, so only the device alarm is expected. */
    private static final Duration CABLE_PULLED_FOR = ofSeconds(15);

    @TempDir
    static Path storage;

    private final ScheduledExecutorService nurse = Executors.newSingleThreadScheduledExecutor();
    private ScenarioWard ward;
    private Instant sessionStart;

    @BeforeAll
    void givenAWardWhereEachBedPlaysOneScenario() throws Exception {
        Map<String, List<Device>> beds = new LinkedHashMap<>();
        beds.put("bed-desat", List.of(ScenarioWard.tcp("desat-oximeter", "masimo", Scenarios.normal(), DESATURATION_SCALE)));
        beds.put("bed-brady", List.of(ScenarioWard.tcp("brady-oximeter", "masimo", Scenarios.normal(), BRADYCARDIA_SCALE)));
        beds.put("bed-htn", List.of(ScenarioWard.mqtt("htn-cuff", "ble-bp", "ble/bed-htn/cuff",
                () -> new BleBloodPressureSimulator(BP_INTERVAL, BP_CYCLE), Scenarios.ketamineHypertension(), HYPERTENSION_SCALE)));
        beds.put("bed-htn-suntech", List.of(ScenarioWard.tcp("htn-suntech", "suntech",
                () -> new SunTechModuleSimulator(SUNTECH_CYCLE), Scenarios.normal(), HYPERTENSION_SCALE)));
        beds.put("bed-off", List.of(ScenarioWard.tcp("off-oximeter", "masimo", Scenarios.normal(), SENSOR_OFF_SCALE)));
        beds.put("bed-cable", List.of(ScenarioWard.tcp("cable-oximeter", "nonin7", Scenarios.normal(), 1)));
        beds.put("bed-garbage", List.of(ScenarioWard.tcp("garbage-oximeter", "nonin7", Scenarios.normal(), 1)));
        beds.put("bed-artifact", List.of(ScenarioWard.tcp("artifact-oximeter", "masimo", Scenarios.normal(), ARTIFACT_SCALE)));
        beds.put("bed-normal", List.of(
                ScenarioWard.tcp("normal-oximeter", "masimo", Scenarios.normal(), NORMAL_SCALE),
                ScenarioWard.mqtt("normal-cuff", "ble-bp", "ble/bed-normal/cuff",
                        () -> new BleBloodPressureSimulator(BP_INTERVAL, BP_CYCLE), Scenarios.normal(), NORMAL_SCALE)));
        sessionStart = Instant.now();
        ward = ScenarioWard.start(storage, beds);

        // the SunTech module measures on the nurse's "BP now", pressed every few seconds
        nurse.scheduleWithFixedDelay(this::pressBloodPressureNow, 0, SUNTECH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        // the nurse records the dose once the pre-dose BP is in, as the session protocol asks
        for (String bed : List.of("bed-htn", "bed-htn-suntech")) {
            AlarmTimeline htn = timeline(bed);
            await("pre-dose BP on " + bed).atMost(CONNECT.plus(BP_INTERVAL)).until(() -> !htn.readings("BP_SYS").isEmpty());
            assertThat(ward.post("/api/beds/" + bed + "/dose", "{}").statusCode()).isEqualTo(200);
        }
        ward.device("htn-suntech").switchScenario(Scenarios.ketamineHypertension());

        // the oximeter scenarios start from a normal patient once the dashboard sees the bed streaming,
        // so that the reading which starts each delay is on the stream
        Map<String, Scenario> oximeterScenarios = Map.of(
                "desat-oximeter", Scenarios.desaturation(),
                "brady-oximeter", Scenarios.bradycardia(),
                "off-oximeter", Scenarios.sensorOff(),
                "cable-oximeter", Scenarios.cablePull(Duration.ZERO, CABLE_PULLED_FOR),
                "garbage-oximeter", Scenarios.garbage(),
                "artifact-oximeter", Scenarios.artifact());
        for (String bed : List.of("bed-desat", "bed-brady", "bed-off", "bed-cable", "bed-garbage", "bed-artifact")) {
            await(bed + " oximeter streaming").atMost(CONNECT).until(() ->
                    ward.getJson("/api/beds/" + bed).path("devices").get(0).path("status").asText().equals("STREAMING"));
        }
        oximeterScenarios.forEach((device, scenario) -> ward.device(device).switchScenario(scenario));
    }

    @AfterAll
    void stopTheWard() {
        nurse.shutdownNow();
        if (ward != null) ward.close();
    }

    private void pressBloodPressureNow() {
        try {
            ward.post("/api/beds/bed-htn-suntech/bp", "{}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void desaturationRaisesSpo2LowAndTheLatchingSpo2CriticalEachAfterItsDelay() {
        AlarmTimeline bed = timeline("bed-desat");

        await("spo2-low raised").atMost(CONNECT.plus(SPO2_LOW_DELAY).plus(ofSeconds(10)))
                .until(() -> bed.alarm("spo2-low", "RAISED").isPresent());
        await("news2-urgent raised (SpO2 <= 91 scores 3)").atMost(NEWS2_DELAY.plus(BOUND))
                .until(() -> bed.alarm("news2-urgent", "RAISED").isPresent());

        Event critical = bed.raised("spo2-critical");
        Event low = bed.raised("spo2-low");
        Event news2 = bed.raised("news2-urgent");
        assertThat(critical.data().path("priority").asText()).isEqualTo("HIGH");
        assertThat(low.data().path("priority").asText()).isEqualTo("MEDIUM");
        assertDelay("spo2-critical", bed.onsetOfRunBefore("SPO2", v -> v < 88, critical.receivedAt()), critical,
                SPO2_CRITICAL_DELAY);
        assertDelay("spo2-low", bed.onsetOfRunBefore("SPO2", v -> v < 92, low.receivedAt()), low, SPO2_LOW_DELAY);
        assertDelay("news2-urgent", bed.onsetOfRunBefore("SPO2", v -> v <= 91, news2.receivedAt()), news2, NEWS2_DELAY);

        // the patient recovers after 10 simulated minutes: spo2-low ends, the latching alarms stay
        await("spo2-low ended after recovery").atMost(ofSeconds(30))
                .until(() -> bed.alarm("spo2-low", "ENDED").isPresent());
        await("spo2-critical latched").atMost(ofSeconds(5))
                .until(() -> bed.alarm("spo2-critical", "LATCHED").isPresent());
        assertThat(ward.gateway().alarms().alarmsOf("bed-desat"))
                .extracting(a -> a.rule() + ":" + a.state())
                .contains("spo2-critical:LATCHED")
                .doesNotContain("spo2-low:ACTIVE");
        assertThat(bed.raised()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "spo2-low", "MEDIUM", "spo2-critical", "HIGH", "news2-urgent", "MEDIUM"));
    }

    @Test
    void bradycardiaRaisesTheLatchingHrLowAlarmAfterItsDelay() {
        AlarmTimeline bed = timeline("bed-brady");

        await("hr-low raised").atMost(CONNECT.plus(HR_LOW_DELAY).plus(ofSeconds(10)))
                .until(() -> bed.alarm("hr-low", "RAISED").isPresent());
        await("news2-urgent raised (HR <= 40 scores 3)").atMost(NEWS2_DELAY.plus(BOUND))
                .until(() -> bed.alarm("news2-urgent", "RAISED").isPresent());

        Event hrLow = bed.raised("hr-low");
        assertThat(hrLow.data().path("priority").asText()).isEqualTo("HIGH");
        assertDelay("hr-low", bed.onsetOfRunBefore("PULSE_RATE", v -> v <= 40, hrLow.receivedAt()), hrLow, HR_LOW_DELAY);
        Event news2 = bed.raised("news2-urgent");
        assertDelay("news2-urgent", bed.onsetOfRunBefore("PULSE_RATE", v -> v <= 40, news2.receivedAt()), news2, NEWS2_DELAY);
        assertThat(bed.raised()).containsExactlyInAnyOrderEntriesOf(Map.of("hr-low", "HIGH", "news2-urgent", "MEDIUM"));
    }

    @Test
    void ketamineHypertensionOnABleCuffRaisesTheLatchingHypertensionAlarmOnTheConfirmingMeasurement() {
        assertHypertensionConfirmedAndLatched("bed-htn", BP_INTERVAL);
    }

    @Test
    void ketamineHypertensionOnASunTechModuleRaisesTheLatchingHypertensionAlarmOnTheConfirmingMeasurement() {
        assertHypertensionConfirmedAndLatched("bed-htn-suntech", SUNTECH_INTERVAL);
    }

    private void assertHypertensionConfirmedAndLatched(String bedId, Duration bpInterval) {
        AlarmTimeline bed = timeline(bedId);

        await("hypertension raised on " + bedId).atMost(ofSeconds(60))
                .until(() -> bed.alarm("hypertension", "RAISED").isPresent());
        Event alarm = bed.raised("hypertension");
        assertThat(alarm.data().path("priority").asText()).isEqualTo("MEDIUM");

        // kap-adult confirms BP: the first measurement beyond a limit starts it, the next one raises it
        List<Event> beyond = bed.readings("BP_SYS").stream()
                .filter(r -> !r.receivedAt().isAfter(alarm.receivedAt()))
                .filter(r -> r.data().path("value").asDouble() > 180 || diastolicOf(bed, r) > 110)
                .toList();
        assertThat(beyond).as("measurements beyond 180/110 up to the alarm").hasSizeGreaterThanOrEqualTo(2);
        Event confirming = beyond.get(beyond.size() - 1);
        assertThat(AlarmTimeline.between(confirming, alarm)).as("from the confirming measurement to the alarm")
                .isLessThan(BOUND);
        assertThat(AlarmTimeline.between(beyond.get(0), alarm)).as("from the first measurement beyond to the alarm")
                .isLessThan(bpInterval.multipliedBy(beyond.size() - 1).plus(BOUND));
        System.out.printf("hypertension on %s: %d measurements beyond, alarm %d ms after the confirming one%n",
                bedId, beyond.size(), AlarmTimeline.between(confirming, alarm).toMillis());

        // BP falls back after 30 simulated minutes; the alarm stays, latched, until acknowledged
        await("hypertension latched when BP is back below the limits").atMost(ofSeconds(60))
                .until(() -> bed.alarm("hypertension", "LATCHED").isPresent());
        assertThat(bed.raised()).containsExactlyInAnyOrderEntriesOf(Map.of("hypertension", "MEDIUM"));
    }

    @Test
    void aProbeOffTheFingerRaisesTheLowPrioritySensorOffAlarmAfter30Seconds() {
        AlarmTimeline bed = timeline("bed-off");

        await("sensor-off reported by the oximeter").atMost(CONNECT.plus(ofSeconds(15)))
                .until(() -> bed.deviceEvent("SENSOR_OFF", true).isPresent());
        await("sensor-off alarm raised").atMost(SENSOR_OFF_DELAY.plus(BOUND))
                .until(() -> bed.alarm("sensor-off", "RAISED").isPresent());

        Event alarm = bed.raised("sensor-off");
        assertThat(alarm.data().path("priority").asText()).isEqualTo("LOW");
        assertThat(alarm.data().path("category").asText()).isEqualTo("TECHNICAL");
        assertDelay("sensor-off", bed.deviceEvent("SENSOR_OFF", true).orElseThrow(), alarm, SENSOR_OFF_DELAY);
        assertThat(bed.raised()).containsExactlyInAnyOrderEntriesOf(Map.of("sensor-off", "LOW"));
    }

    @Test
    void aPulledCableRaisesADeviceAlarmThatEndsWhenDataResumes() {
        AlarmTimeline bed = timeline("bed-cable");

        await("device alarm raised").atMost(ofSeconds(15))
                .until(() -> !bed.raised().isEmpty());
        Event alarm = bed.alarms().get(0);
        String rule = alarm.data().path("rule").asText();
        assertThat(rule).isIn("device-silent", "device-disconnected");
        assertThat(alarm.data().path("priority").asText()).isEqualTo("MEDIUM");
        assertThat(alarm.data().path("category").asText()).isEqualTo("TECHNICAL");
        Event lost = bed.deviceEvent(rule.equals("device-silent") ? "SILENT" : "DISCONNECTED", true).orElseThrow();
        assertDelay(rule, lost, alarm, Duration.ZERO);

        await(rule + " ended once the cable is back").atMost(CABLE_PULLED_FOR.plus(ofSeconds(15)))
                .until(() -> bed.alarm(rule, "ENDED").isPresent());
        Event ended = bed.alarm(rule, "ENDED").orElseThrow();
        Event reconnected = bed.deviceEventAfter(rule.equals("device-silent") ? "STREAMING" : "CONNECTED", lost)
                .orElseThrow(() -> new AssertionError("the device never came back"));
        assertThat(ended.receivedAt()).as("ended once the device is back").isAfterOrEqualTo(reconnected.receivedAt());
        assertThat(bed.deviceEventAfter("STREAMING", lost)).as("data resumed").isPresent();
        assertThat(ward.gateway().alarms().alarmsOf("bed-cable")).isEmpty();
        assertThat(bed.raised()).isEqualTo(Map.of(rule, "MEDIUM"));
    }

    @Test
    void aNormalPatientRaisesNoAlarmOverATwoHourSession() throws Exception {
        AlarmTimeline bed = timeline("bed-normal");

        await("two simulated hours").atMost(NORMAL_SESSION.plusSeconds(5))
                .until(() -> Instant.now().isAfter(sessionStart.plus(NORMAL_SESSION)));

        assertThat(bed.readings("SPO2")).as("SpO2 readings over the session").hasSizeGreaterThan(30);
        assertThat(bed.readings("BP_SYS")).as("BP measurements over the session").hasSizeGreaterThan(5);
        assertThat(bed.alarms()).as("alarm events on the normal bed").isEmpty();
        assertThat(ward.gateway().alarms().alarmsOf("bed-normal")).isEmpty();
        assertThat(ward.getJson("/api/alarms?bed=bed-normal&since=" + sessionStart)).as("alarm log of the normal bed").isEmpty();
    }

    @Test
    void noiseAndCorruptFramesOnTheLineRaiseNoAlarm() {
        AlarmTimeline bed = timeline("bed-garbage");

        await("a minute of noisy line").atMost(NORMAL_SESSION.plusSeconds(5))
                .until(() -> Instant.now().isAfter(sessionStart.plus(NORMAL_SESSION)));

        assertThat(bed.readings("SPO2")).as("valid readings between the noise").hasSizeGreaterThan(30);
        assertThat(bed.alarms()).as("alarm events on the garbage bed").isEmpty();
        assertThat(ward.gateway().alarms().alarmsOf("bed-garbage")).isEmpty();
    }

    @Test
    void shortBurstsOfMotionArtifactRaiseNoAlarm() {
        AlarmTimeline bed = timeline("bed-artifact");

        await("four artifact bursts").atMost(NORMAL_SESSION.plusSeconds(5))
                .until(() -> Instant.now().isAfter(sessionStart.plus(NORMAL_SESSION)));

        assertThat(bed.readings("SPO2")).as("SpO2 flagged during the bursts")
                .anySatisfy(r -> assertThat(r.data().path("quality").asText()).isNotEqualTo("valid"));
        assertThat(bed.alarms()).as("alarm events on the artifact bed").isEmpty();
        assertThat(ward.gateway().alarms().alarmsOf("bed-artifact")).isEmpty();
    }

    private AlarmTimeline timeline(String bed) {
        return new AlarmTimeline(ward.stream(), bed);
    }

    private static double diastolicOf(AlarmTimeline bed, Event systolic) {
        String time = systolic.data().path("time").asText();
        return bed.readings("BP_DIA").stream().filter(d -> d.data().path("time").asText().equals(time))
                .mapToDouble(d -> d.data().path("value").asDouble()).findFirst().orElse(Double.NaN);
    }

    private static void assertDelay(String rule, Event onset, Event alarm, Duration delay) {
        Duration measured = AlarmTimeline.between(onset, alarm);
        System.out.printf("%s: %d ms from onset to alarm (rule delay %d ms)%n", rule, measured.toMillis(), delay.toMillis());
        assertThat(measured).as(rule + " from onset to alarm").isBetween(delay.minus(EARLY), delay.plus(BOUND));
    }
}
