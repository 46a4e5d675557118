package org.vigil.gateway;

import java.time.Clock;
import java.time.Duration;
import org.vigil.gateway.alarms.AlarmService;
import org.vigil.gateway.export.FhirExporter;
import org.vigil.gateway.fhir.VitalsRecorder;
import org.vigil.gateway.metrics.MicrometerGatewayMetrics;
import org.vigil.gateway.storage.Database;
import org.vigil.gateway.stream.StreamHub;

/** The gauges that show the gateway's queues and backlogs on {@code /metrics}. */
final class GatewayMeters {

    private final MicrometerGatewayMetrics metrics;

    GatewayMeters(MicrometerGatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param exporter {@code null} when the gateway does not export */
    void register(StreamHub hub, VitalsRecorder recorder, StorageBackpressure backpressure, Database database,
                  AlarmService alarms, FhirExporter exporter, Clock clock) {
        metrics.gauge("vigil.stream.clients", "Connected live-stream (dashboard) clients", hub::clientCount);
        metrics.gauge("vigil.storage.queue", "Readings waiting to be stored", () -> recorder.health().queued());
        metrics.gauge("vigil.storage.dropped", "Readings dropped because the storage queue was full",
                () -> recorder.health().dropped());
        metrics.gauge("vigil.storage.samples.lost", "Samples given up after their write failed and could not be kept for another try",
                () -> recorder.health().lostSamples());
        metrics.gauge("vigil.storage.intake.waits", "Times the device intake waited for storage to catch up",
                backpressure::waits);
        metrics.gauge("vigil.storage.intake.stalls", "Times storage finished nothing for the intake hold and the intake went on",
                backpressure::stalls);
        metrics.gauge("vigil.storage.failures", "Storage writes that failed", () -> database.health().totalFailures());
        metrics.gauge("vigil.alarms.active", "Alarms in force, the gateway's own included",
                () -> alarms.activeAlarms().size());
        if (exporter == null) return;
        metrics.gauge("vigil.export.backlog", "Resources waiting to be exported", () -> exporter.backlog().pending());
        metrics.gauge("vigil.export.parked", "Resources the FHIR server refused", () -> exporter.backlog().parked());
        metrics.gauge("vigil.export.oldest.age.seconds", "Age of the oldest resource waiting to be exported", () -> {
            Duration age = exporter.backlog().oldestAge(clock.instant());
            return age == null ? 0 : age.toSeconds();
        });
    }
}
