package org.vigil.drivers.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import org.vigil.drivers.DriverListener;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.DeviceStatus;

/**
 * The connection state of one device and the lifecycle events that report its changes, after
 * OpenICE's {@code AbstractSerialDevice} with its explicit {@code maximumQuietTime}.
 *
 * <p>An event fires only when the status changes, so a gateway sees each outage once:
 * {@code CONNECTED} when a connection opens (but not when a silent device's port is reopened),
 * {@code STREAMING} on the first valid output after {@code CONNECTED} or {@code SILENT},
 * {@code SILENT} once valid output has been missing for the maximum quiet time, and
 * {@code DISCONNECTED} when a connection fails or is lost, not again on every failed retry.
 * A burst of more than {@value #GARBLED_THRESHOLD} invalid frames within the quiet time with no
 * valid output in between raises {@code DATA_GARBLED}; valid output clears it.
 *
 * <p>Confined to one thread at a time; {@link #status()} may be read from any thread.
 */
final class DeviceLifecycle {

    static final int GARBLED_THRESHOLD = 5;

    private final String deviceId;
    private final Duration maximumQuietTime;
    private final DriverListener listener;
    private final ArrayDeque<Instant> invalidSinceValidData = new ArrayDeque<>();
    private volatile DeviceStatus status = DeviceStatus.CONNECTING;
    private Instant lastValidData;
    private boolean garbled;

    DeviceLifecycle(String deviceId, Duration maximumQuietTime, DriverListener listener) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.maximumQuietTime = Objects.requireNonNull(maximumQuietTime, "maximumQuietTime");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (maximumQuietTime.isNegative() || maximumQuietTime.isZero()) {
            throw new IllegalArgumentException("maximum quiet time must be positive, got " + maximumQuietTime);
        }
    }

    DeviceStatus status() {
        return status;
    }

    Duration maximumQuietTime() {
        return maximumQuietTime;
    }

    /** A connection opened; the quiet time counts from now. */
    void connected(Instant now, String detail) {
        lastValidData = now;
        invalidSinceValidData.clear();
        if (status != DeviceStatus.SILENT) {
            change(Kind.CONNECTED, detail, now);
        }
    }

    /** A connection could not be opened or was lost. */
    void disconnected(Instant now, String detail) {
        if (status != DeviceStatus.DISCONNECTED) {
            change(Kind.DISCONNECTED, detail, now);
        }
    }

    /** The decoder delivered a reading, a condition or an identity. */
    void validData(Instant now) {
        lastValidData = now;
        invalidSinceValidData.clear();
        if (garbled) {
            garbled = false;
            listener.event(new DeviceEvent(deviceId, Kind.DATA_GARBLED, false, "valid data again", now));
        }
        if (status == DeviceStatus.CONNECTED || status == DeviceStatus.SILENT) {
            change(Kind.STREAMING, "", now);
        }
    }

    void invalidFrame(Instant now, InvalidFrame frame) {
        invalidSinceValidData.addLast(now);
        Instant windowStart = now.minus(maximumQuietTime);
        while (!invalidSinceValidData.isEmpty() && invalidSinceValidData.peekFirst().isBefore(windowStart)) {
            invalidSinceValidData.removeFirst();
        }
        if (invalidSinceValidData.size() > GARBLED_THRESHOLD + 1) {
            invalidSinceValidData.removeFirst();
        }
        if (!garbled && invalidSinceValidData.size() > GARBLED_THRESHOLD) {
            garbled = true;
            listener.event(new DeviceEvent(deviceId, Kind.DATA_GARBLED, true,
                    invalidSinceValidData.size() + " invalid frames within " + maximumQuietTime
                            + " and no valid data; last: " + frame.cause(), now));
        }
    }

    /**
     * Whether an open connection has carried no valid output for the maximum quiet time; the
     * first time in an outage it reports {@code SILENT}.
     */
    boolean isQuiet(Instant now) {
        DeviceStatus current = status;
        if (lastValidData == null || current == DeviceStatus.DISCONNECTED || current == DeviceStatus.CONNECTING) {
            return false;
        }
        boolean quiet = !now.isBefore(lastValidData.plus(maximumQuietTime));
        if (quiet && current != DeviceStatus.SILENT) {
            change(Kind.SILENT, "no valid data for " + maximumQuietTime, now);
        }
        return quiet;
    }

    private void change(Kind kind, String detail, Instant now) {
        status = DeviceStatus.after(kind);
        listener.event(DeviceEvent.lifecycle(deviceId, kind, detail, now));
    }
}
