package org.vigil.drivers.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.drivers.DriverListener;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;

/** Keeps a failing listener from ending a driver thread. */
final class GuardedListener implements DriverListener {

    private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

    private final DriverListener delegate;

    GuardedListener(DriverListener delegate) {
        this.delegate = delegate;
    }

    static DriverListener guard(DriverListener listener) {
        return listener instanceof GuardedListener ? listener : new GuardedListener(listener);
    }

    @Override
    public void reading(Reading reading) {
        try {
            delegate.reading(reading);
        } catch (RuntimeException e) {
            log.error("listener failed on a reading from device {}", reading.deviceId(), e);
        }
    }

    @Override
    public void event(DeviceEvent event) {
        try {
            delegate.event(event);
        } catch (RuntimeException e) {
            log.error("listener failed on {} from device {}", event.kind(), event.deviceId(), e);
        }
    }

    @Override
    public void invalidFrame(String deviceId, String protocol, InvalidFrame frame) {
        try {
            delegate.invalidFrame(deviceId, protocol, frame);
        } catch (RuntimeException e) {
            log.error("listener failed on an invalid frame from device {}", deviceId, e);
        }
    }

    @Override
    public void identity(String deviceId, DeviceIdentity identity) {
        try {
            delegate.identity(deviceId, identity);
        } catch (RuntimeException e) {
            log.error("listener failed on the identity of device {}", deviceId, e);
        }
    }
}
