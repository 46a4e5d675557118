package org.vigil.drivers.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.vigil.drivers.DriverListener;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Reading;

/** Keeps everything a driver reported, in order, for assertions from the test thread. */
final class RecordingListener implements DriverListener {

    final List<Reading> readings = new CopyOnWriteArrayList<>();
    final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    final List<InvalidFrame> invalidFrames = new CopyOnWriteArrayList<>();

    @Override
    public void reading(Reading reading) {
        readings.add(reading);
    }

    @Override
    public void event(DeviceEvent event) {
        events.add(event);
    }

    @Override
    public void invalidFrame(String deviceId, String protocol, InvalidFrame frame) {
        invalidFrames.add(frame);
    }

    List<DeviceEvent.Kind> kinds() {
        return events.stream().map(DeviceEvent::kind).toList();
    }

    List<DeviceEvent.Kind> kinds(String deviceId) {
        return events.stream().filter(e -> e.deviceId().equals(deviceId)).map(DeviceEvent::kind).toList();
    }

    long count(DeviceEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }

    List<DeviceEvent> events(DeviceEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    List<Double> values(String deviceId) {
        return readings.stream().filter(r -> r.deviceId().equals(deviceId)).map(Reading::value).toList();
    }

    DeviceEvent.Kind lastLifecycle(String deviceId) {
        DeviceEvent.Kind last = null;
        for (DeviceEvent event : events) {
            if (event.deviceId().equals(deviceId) && event.kind().isLifecycle()) {
                last = event.kind();
            }
        }
        return last;
    }
}
