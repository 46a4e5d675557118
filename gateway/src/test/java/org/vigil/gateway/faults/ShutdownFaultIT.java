package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.gateway.faults.FaultConfigs.json;
import static org.vigil.gateway.faults.FaultConfigs.tcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.support.FreePorts;
import org.vigil.simulators.SimulatedDevice;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.scenario.Scenarios;
import org.vigil.simulators.transport.TcpServerTransport;

/**
 * SIGTERM while the bedside devices go away: the gateway stops cleanly and in time, and every
 * alarm change it announced, those raised by the disconnections during the stop included, is in
 * the durable alarm log that the next gateway on the same data directory serves.
 */
class ShutdownFaultIT {

    private static final String OXIMETER_TOPIC = "ward/bed-3/oximeter";
    private static final Duration READING_PERIOD = Duration.ofMillis(500);
    /** The gateway's stop budget (README, "How it starts and stops"), as systemd's stop timeout would enforce it. */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(10);
    /** Connect, the first frames (masimo every 1 s, nonin8 every 1/3 s) and the bed's first reading. */
    private static final Duration STREAMING = Duration.ofSeconds(20);
    /** A requested stop exits 0 (README, "How it starts and stops"). */
    private static final int EXIT_REQUESTED_STOP = 0;
    /** AlarmService#alarmChanged: "Alarm {transition} {rule} on {bed}: {message} ({priority}, {category})". */
    private static final Pattern ALARM_CHANGE = Pattern.compile(" Alarm ([A-Z_]+) (\\S+) on (\\S+): ");
    /** StopSignals: logged once every component has stopped. */
    private static final Pattern STOPPED = Pattern.compile("Stopped in (\\d+) ms");

    @RegisterExtension
    final ProcessCleanup processes = new ProcessCleanup();

    @TempDir
    Path directory;

    /** One line of {@code AlarmService}'s output, or one alarm log entry. */
    private record Change(String transition, String rule, String bed) {
    }

    @Test
    void aGatewayStoppedAsItsDevicesGoAwayExitsCleanlyAndLogsEveryAlarmChangeItAnnounced() throws Exception {
        // given: two beds on TCP device servers and one on MQTT, all streaming
        Instant testStart = Instant.now();
        int masimoPort = FreePorts.next();
        int noninPort = FreePorts.next();
        SimulatorCatalog catalog = SimulatorCatalog.standard();
        List<SimulatedDevice> deviceServers = List.of(
                processes.track(deviceServer(catalog, "masimo", masimoPort, "bed-1-oximeter", 1)),
                processes.track(deviceServer(catalog, "nonin8", noninPort, "bed-2-oximeter", 2)));
        FaultConfigs.Builder configs = FaultConfigs.in(directory)
                .bed("bed-1", tcp("bed-1-oximeter", "masimo", masimoPort))
                .bed("bed-2", tcp("bed-2-oximeter", "nonin8", noninPort))
                .bed("bed-3", json("bed-3-oximeter", OXIMETER_TOPIC));
        Path config = configs.write();
        GatewayProcess first = processes.track(GatewayProcess.start(config, "shutdown-first"));
        GatewayClient client = GatewayClient.of(first);
        WardPublisher ward = processes.track(WardPublisher.connect(configs.brokerUrl(), "fault-ward"));
        ward.device(OXIMETER_TOPIC, READING_PERIOD).set("SPO2", 97).set("PULSE_RATE", 72);
        for (String bed : List.of("bed-1", "bed-2", "bed-3")) {
            await(bed + " streaming SpO2").atMost(STREAMING)
                    .until(() -> !client.getJson("/api/beds/" + bed).path("vitals").path("SPO2").isMissingNode());
        }

        // when: the device servers close and SIGTERM is sent at the same moment
        Instant stopAt = Instant.now();
        List<CompletableFuture<Void>> closing = deviceServers.stream()
                .map(device -> CompletableFuture.runAsync(device::stop)).toList();
        first.terminate();
        int status = first.awaitExit(STOP_WITHIN);
        Duration exitedAfter = Duration.between(stopAt, Instant.now());
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();

        // then: exit 0 in time, no ERROR line, and the stop time logged
        Measurements.reportMillis("fault.shutdown.exited_after_ms", exitedAfter);
        assertThat(status).as("exit status; output:\n%s", first.output()).isEqualTo(EXIT_REQUESTED_STOP);
        assertThat(first.errorLines()).as("ERROR lines of the stopping gateway").isEmpty();
        long stoppedInMillis = first.logLines().stream().map(STOPPED::matcher).filter(Matcher::find)
                .map(m -> Long.parseLong(m.group(1))).findFirst()
                .orElseThrow(() -> new AssertionError("no 'Stopped in N ms' line; output:\n" + first.output()));
        Measurements.report("fault.shutdown.stopped_in_ms", stoppedInMillis);
        assertThat(Duration.ofMillis(stoppedInMillis)).isLessThan(STOP_WITHIN);

        List<Change> announced = announcedChanges(first);
        List<Change> announcedDuringStop = first.logLines().stream()
                .filter(line -> GatewayProcess.timeOf(line).map(time -> !time.isBefore(stopAt)).orElse(false))
                .map(ShutdownFaultIT::change).flatMap(Optional::stream).toList();
        Measurements.report("fault.shutdown.alarm_changes", announced.size());
        Measurements.report("fault.shutdown.alarm_changes_during_stop", announcedDuringStop.size());
        Measurements.report("fault.shutdown.disconnected_raised_during_stop", announcedDuringStop.stream()
                .filter(c -> c.rule().equals("device-disconnected") && c.transition().equals("RAISED")).count());

        // and: a new gateway on the same data directory has every announced change in its alarm log
        ward.close();
        GatewayProcess second = processes.track(GatewayProcess.start(config, "shutdown-second"));
        GatewayClient clientAgain = GatewayClient.of(second);
        Set<String> beds = announced.stream().map(Change::bed).collect(Collectors.toCollection(LinkedHashSet::new));
        List<Change> logged = new ArrayList<>();
        for (String bed : beds) {
            for (JsonNode entry : clientAgain.alarmLog(bed, testStart)) {
                if (Instant.parse(entry.path("changedAt").asText()).isBefore(second.launchedAt())) {
                    logged.add(new Change(entry.path("transition").asText(), entry.path("rule").asText(), bed));
                }
            }
        }
        assertThat(counts(logged)).as("alarm log written by the first gateway, by transition, rule and bed; "
                + "announced on its output: %s", announced).containsAllEntriesOf(counts(announced));
    }

    private static SimulatedDevice deviceServer(SimulatorCatalog catalog, String protocol, int port, String name, long seed) {
        return SimulatedDevice.builder(catalog.create(protocol), new TcpServerTransport("127.0.0.1", port))
                .scenario(Scenarios.normal()).timeScale(1).seed(seed).name(name).start();
    }

    private static List<Change> announcedChanges(GatewayProcess gateway) {
        return gateway.logLines().stream().map(ShutdownFaultIT::change).flatMap(Optional::stream).toList();
    }

    private static Optional<Change> change(String line) {
        Matcher m = ALARM_CHANGE.matcher(line);
        return m.find() ? Optional.of(new Change(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    private static Map<Change, Long> counts(List<Change> changes) {
        return changes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
