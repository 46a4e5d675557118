package org.vigil.drivers.runtime;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DriverListener;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Turns what a decoder found into the gateway's vocabulary: readings stamped with the device id
 * and the receive time, conditions as device events, invalid frames counted. The caller sets the
 * receive time with {@link #at(Instant)} before handing bytes to the session.
 */
final class DeviceSink implements DecoderSink {

    private static final Logger log = LoggerFactory.getLogger(DeviceSink.class);

    private final String deviceId;
    private final String protocol;
    private final DriverListener listener;
    private final DriverMetrics metrics;
    private final DeviceLifecycle lifecycle;
    private Instant now = Instant.EPOCH;

    DeviceSink(String deviceId, String protocol, DriverListener listener, DriverMetrics metrics, DeviceLifecycle lifecycle) {
        this.deviceId = deviceId;
        this.protocol = protocol;
        this.listener = listener;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
    }

    DeviceSink at(Instant receivedAt) {
        this.now = receivedAt;
        return this;
    }

    @Override
    public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
        valid();
        listener.reading(new Reading(deviceId, vital, value, vital.ucum(), deviceTime, now, quality));
    }

    @Override
    public void condition(DeviceEvent.Kind kind, boolean active, String detail) {
        if (kind.isLifecycle()) {
            log.warn("protocol {} reported lifecycle event {} for device {}; the runtime owns those, ignored",
                    protocol, kind, deviceId);
            return;
        }
        valid();
        listener.event(new DeviceEvent(deviceId, kind, active, detail, now));
    }

    @Override
    public void invalidFrame(InvalidFrame frame) {
        metrics.invalidFrame(protocol, frame.cause(), frame.discardedBytes());
        listener.invalidFrame(deviceId, protocol, frame);
        lifecycle.invalidFrame(now, frame);
    }

    @Override
    public void identity(DeviceIdentity identity) {
        valid();
        listener.identity(deviceId, identity);
    }

    @Override
    public void alive() {
        valid();
    }

    private void valid() {
        metrics.frameDecoded(protocol);
        lifecycle.validData(now);
    }
}
