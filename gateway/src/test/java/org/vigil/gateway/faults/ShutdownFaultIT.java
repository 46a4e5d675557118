package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.vigil.gateway.faults.FaultConfigs.json;
import static org.vigil.gateway.faults.FaultConfigs.tcp;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.support.LiveStream;
import org.vigil.simulators.SimulatedDevice;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.scenario.Scenarios;
import org.vigil.simulators.transport.TcpServerTransport;

/**
 * SIGTERM, as systemd stops a service, at the moment the beds' devices go away: two serial device
 * servers close their connections and an MQTT device disconnects. The gateway exits cleanly and
 * in time, and every alarm change it made, those of the vanishing devices included, is in the
 * alarm log a new gateway reads.
 */
class ShutdownFaultIT {

    private static final List<String> TCP_BEDS = List.of("bed-1", "bed-2");
    private static final String MQTT_BED = "bed-3";
    private static final String TOPIC = "ward/bed-3/oximeter";
    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    private static final Duration STREAMING = Duration.ofSeconds(20);
    private static final Duration LIMIT_ALARM = FaultConfigs.LIMIT_DELAY.plusSeconds(8);
    /** A service manager waits this long after SIGTERM before it kills (systemd's default is 90 s; ours is tighter). */
    private static final Duration SHUTDOWN = Duration.ofSeconds(10);
    /** "2026-12-01T22:36:22.524+0000 [vigil-bed-1] INFO AlarmService - Alarm RAISED spo2-low on bed-1: ..." */
    private static final Pattern ALARM_CHANGE = Pattern.compile(" AlarmService - Alarm (\\w+) (\\S+) on (\\S+): ");

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    @Test
    void sigtermWhileDevicesDisconnectExitsCleanlyInTimeAndLosesNoAlarmChange() throws Exception {
        // given: two oximeters behind device servers, one MQTT oximeter whose patient desaturates
        List<SimulatedDevice> servers = new ArrayList<>();
        FaultConfigs.Builder configs = FaultConfigs.in(directory);
        for (String bed : TCP_BEDS) {
            SimulatedDevice server = processes.track(SimulatedDevice.builder(SimulatorCatalog.standard().create("masimo"),
                    new TcpServerTransport("127.0.0.1", 0)).scenario(Scenarios.normal()).name(bed + "-oximeter").start());
            servers.add(server);
            configs.bed(bed, tcp(bed + "-oximeter", "masimo", ((TcpServerTransport) server.transport()).port()));
        }
        configs.bed(MQTT_BED, json(MQTT_BED + "-oximeter", TOPIC));
        Path config = configs.write();
        GatewayProcess gateway = processes.track(GatewayProcess.start(config, "shutdown"));
        GatewayClient client = GatewayClient.of(gateway);
        LiveStream dashboard = processes.track(client.stream());
        WardPublisher ward = processes.track(WardPublisher.connect(configs.brokerUrl(), "fault-ward"));
        ward.device(TOPIC, READING_PERIOD).set("SPO2", 84).set("PULSE_RATE", 72);
        await("every bed streaming").atMost(STREAMING).until(() -> TCP_BEDS.stream().allMatch(bed -> streaming(client, bed)));
        await("spo2-critical on " + MQTT_BED).atMost(LIMIT_ALARM)
                .until(() -> client.activeAlarm(MQTT_BED, "spo2-critical").isPresent());

        // when: the devices go away and the gateway is told to stop, at the same moment
        servers.forEach(server -> server.transport().close());
        ward.close();
        Instant terminatedAt = Instant.now();
        gateway.terminate();

        // then: it exits in time, 0, with no ERROR line
        Integer exitStatus = exitStatusWithin(gateway, SHUTDOWN);
        Measurements.reportMillis("fault.shutdown.exit_after_sigterm_ms", Duration.between(terminatedAt, Instant.now()));
        Measurements.report("fault.shutdown.exit_status", exitStatus);
        Measurements.report("fault.shutdown.error_lines", gateway.errorLines().size());
        dashboard.close();

        // and a new gateway's alarm log holds every alarm change the old one made
        List<String> announced = alarmChangesLogged(gateway);
        GatewayProcess next = processes.track(GatewayProcess.start(config, "shutdown-next"));
        GatewayClient nextClient = GatewayClient.of(next);
        processes.track(nextClient.stream());
        List<String> logged = new ArrayList<>();
        for (String bed : List.of("bed-1", "bed-2", MQTT_BED, "gateway")) {
            nextClient.alarmLog(bed, gateway.launchedAt()).stream()
                    .filter(entry -> Instant.parse(entry.path("changedAt").asText()).isBefore(next.launchedAt()))
                    .forEach(entry -> logged.add(entry.path("bed").asText() + " " + entry.path("rule").asText() + " "
                            + entry.path("transition").asText()));
        }
        List<String> missing = new ArrayList<>(announced);
        logged.forEach(missing::remove);
        Measurements.report("fault.shutdown.alarm_changes", announced.size());
        Measurements.report("fault.shutdown.alarm_changes_missing", missing.size());
        assertAll(
                () -> assertThat(exitStatus).as("exit status within " + SHUTDOWN + " of SIGTERM").isEqualTo(0),
                () -> assertThat(gateway.errorLines()).as("ERROR lines of the stopping gateway").isEmpty(),
                () -> assertThat(announced).as("device-disconnected among the changes").anyMatch(c -> c.contains("device-disconnected")),
                () -> assertThat(missing).as("alarm changes of the old gateway missing from the log " + logged).isEmpty());
    }

    /** The exit status, or {@code null} if the process still ran after {@code bound} (it is then killed). */
    private static Integer exitStatusWithin(GatewayProcess gateway, Duration bound) {
        try {
            return gateway.awaitExit(bound);
        } catch (AssertionError stillRunning) {
            gateway.kill9();
            return null;
        }
    }

    /** Every alarm change, as "bed rule transition", from the lines AlarmService logs for each. */
    private static List<String> alarmChangesLogged(GatewayProcess gateway) {
        List<String> changes = new ArrayList<>();
        for (String line : gateway.logLines()) {
            Matcher change = ALARM_CHANGE.matcher(line);
            if (change.find()) changes.add(change.group(3) + " " + change.group(2) + " " + change.group(1));
        }
        return changes;
    }

    private static boolean streaming(GatewayClient client, String bed) {
        try {
            return client.getJson("/api/beds/" + bed).path("devices").get(0).path("status").asText().equals("STREAMING");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
