package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.alarms.AlarmView;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.demo.SimulatedWard;
import org.vigil.gateway.support.TestWards;

/** Storage that cannot write is a technical alarm, not a silent loss. */
class StorageFailureAlarmTest {

    /** Samples are written in batches within a second; the gateway's alarm thread ticks every 250 ms. */
    private static final Duration NOTICED = Duration.ofSeconds(10);

    @TempDir
    Path storage;

    private SimulatedWard simulators;
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (simulators != null) simulators.close();
        if (gateway != null) gateway.close();
    }

    @Test
    void aDatabaseThatStopsAcceptingWritesRaisesAHighPriorityTechnicalAlarm() throws Exception {
        VigilConfig config = TestWards.config(storage, List.of(TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo"))));
        simulators = new SimulatedWard(config, Map.of(), 1);
        simulators.startTcpDevices();
        gateway = Gateway.start(config);
        await("readings stored").atMost(NOTICED).until(() -> gateway.recorder().health().queued() == 0
                && gateway.ward().bed("bed-1").orElseThrow().latest(org.vigil.model.VitalSign.SPO2) != null);

        gateway.database().close();

        await("storage alarm raised").atMost(NOTICED).until(() -> storageAlarm().isPresent());
        AlarmView alarm = storageAlarm().orElseThrow();
        assertThat(alarm.priority()).isEqualTo("HIGH");
        assertThat(alarm.category()).isEqualTo("TECHNICAL");
        assertThat(alarm.bed()).isEqualTo("gateway");
        assertThat(gateway.database().health().isHealthy()).isFalse();
    }

    private java.util.Optional<AlarmView> storageAlarm() {
        return gateway.alarms().activeAlarms().stream().filter(a -> a.rule().equals("storage-failing")).findFirst();
    }
}
