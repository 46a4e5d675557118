package org.vigil.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A technical event from or about a device: its connection lifecycle, or a condition it reports.
 *
 * @param deviceId the configured device id
 * @param kind     what happened
 * @param active   for conditions, whether it started ({@code true}) or ended; lifecycle
 *                 kinds are always active
 * @param detail   human-readable cause, e.g. the device's own error text; never a patient identifier
 * @param time     gateway time of the event
 */
public record DeviceEvent(String deviceId, Kind kind, boolean active, String detail, Instant time) {

    public enum Kind {
        CONNECTED(true),
        STREAMING(true),
        /** No data for longer than the protocol's maximum quiet time. */
        SILENT(true),
        DISCONNECTED(true),
        SENSOR_OFF(false),
        SIGNAL_POOR(false),
        CUFF_ERROR(false),
        /** A blood-pressure cuff is inflated; detail carries the cuff pressure when known. */
        CUFF_INFLATING(false),
        LOW_BATTERY(false),
        DEVICE_FAULT(false),
        /** Garbled data: frames failing their checksum or layout at a high rate. */
        DATA_GARBLED(false);

        private final boolean lifecycle;

        Kind(boolean lifecycle) {
            this.lifecycle = lifecycle;
        }

        public boolean isLifecycle() { return lifecycle; }
    }

    public DeviceEvent {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        detail = detail == null ? "" : detail;
    }

    public static DeviceEvent lifecycle(String deviceId, Kind kind, String detail, Instant time) {
        return new DeviceEvent(deviceId, kind, true, detail, time);
    }
}
