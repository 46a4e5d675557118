package org.vigil.gateway.devices;

import org.vigil.drivers.DriverListener;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;
import org.vigil.model.ScaledClock;

/**
 * Hands on what the drivers produce with its times moved onto a scaled ward clock: the drivers keep
 * the base clock for what the wire needs (silence, reconnect), the ward sees the patient's time.
 * Only simulated wards run on a scaled clock.
 */
final class ScaledDeviceTime implements DriverListener {

    private final DriverListener ward;
    private final ScaledClock clock;

    ScaledDeviceTime(DriverListener ward, ScaledClock clock) {
        this.ward = ward;
        this.clock = clock;
    }

    @Override
    public void reading(Reading reading) {
        // a device clock says nothing on a scaled ward: the receive time, moved onto the ward clock, is the reading's time
        ward.reading(new Reading(reading.deviceId(), reading.vital(), reading.value(), reading.unit(),
                null, clock.toScaled(reading.receivedAt()), reading.quality()));
    }

    @Override
    public void event(DeviceEvent event) {
        ward.event(new DeviceEvent(event.deviceId(), event.kind(), event.active(), event.detail(),
                clock.toScaled(event.time())));
    }

    @Override
    public void invalidFrame(String deviceId, String protocol, InvalidFrame frame) {
        ward.invalidFrame(deviceId, protocol, frame);
    }

    @Override
    public void identity(String deviceId, DeviceIdentity identity) {
        ward.identity(deviceId, identity);
    }
}
