package org.vigil.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.DeviceRule;
import org.vigil.model.DeviceEvent;

/** A device-reported technical condition: present while any of the bed's devices reports it, after its delay. */
final class DeviceDetector extends Detector {

    final DeviceRule rule;
    /** Devices reporting the condition, with when each started. */
    private final Map<String, DeviceEvent> reporting = new LinkedHashMap<>();

    DeviceDetector(BedAlarms bed, DeviceRule rule) {
        super(bed);
        this.rule = rule;
    }

    @Override
    AlarmRule rule() { return rule; }

    void started(DeviceEvent event) {
        reporting.putIfAbsent(event.deviceId(), event);
    }

    /** Carries the devices still reporting over from the detector this one replaces. */
    void takeOver(DeviceDetector previous) {
        reporting.putAll(previous.reporting);
    }

    void ended(String deviceId) {
        reporting.remove(deviceId);
    }

    @Override
    void tick(Instant now) {
        if (reporting.isEmpty()) {
            if (raised) absent(Double.NaN, now);
            return;
        }
        if (raised) return;
        DeviceEvent earliest = reporting.values().iterator().next();
        if (Duration.between(earliest.time(), now).compareTo(rule.delay()) >= 0) {
            present(Double.NaN, Double.NaN, message(earliest), now);
        }
    }

    private String message(DeviceEvent event) {
        String text = rule.name() + " (" + event.deviceId();
        return (event.detail().isEmpty() ? text : text + ": " + event.detail()) + ")";
    }
}
