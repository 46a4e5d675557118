package org.vigil.gateway.beds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.vigil.gateway.config.BedConfig;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceStatus;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * The live state of one bed: latest value per vital, recent trends, device status. Written by the
 * bed's own executor, read by HTTP handlers; every method is short and synchronised.
 */
public final class BedState {

    /** Two hours of 1 Hz samples: a whole ketamine session. */
    public static final int TREND_CAPACITY = (int) Duration.ofHours(2).toSeconds();

    private final BedConfig config;
    private final Map<VitalSign, Reading> latest = new EnumMap<>(VitalSign.class);
    private final Map<VitalSign, TrendBuffer> trends = new EnumMap<>(VitalSign.class);
    private final Map<String, DeviceEntry> devices = new LinkedHashMap<>();
    private String patient;

    public BedState(BedConfig config) {
        this.config = config;
        for (DeviceConfig device : config.devices()) {
            devices.put(device.id(), new DeviceEntry(device.protocol()));
        }
    }

    public String id() {
        return config.id();
    }

    public BedConfig config() {
        return config;
    }

    public synchronized void apply(Reading reading) {
        latest.put(reading.vital(), reading);
        if (reading.isUsable()) {
            // A ring per vital the bed actually measures: most beds never send half of them.
            trends.computeIfAbsent(reading.vital(), vital -> new TrendBuffer(vital, vital.isBloodPressure() ? 512 : TREND_CAPACITY))
                    .add(reading.effectiveTime(), reading.value());
        }
    }

    public synchronized void apply(DeviceEvent event) {
        DeviceEntry device = devices.get(event.deviceId());
        if (device == null) return;
        if (event.kind().isLifecycle()) {
            device.status = DeviceStatus.after(event.kind());
            if (event.kind() == DeviceEvent.Kind.DISCONNECTED) device.conditions.clear();
        } else if (event.active()) {
            device.conditions.add(event.kind().name());
        } else {
            device.conditions.remove(event.kind().name());
        }
    }

    /** Whether any device of this bed is delivering data: the bed is being monitored. */
    public synchronized boolean isMonitored() {
        return devices.values().stream().anyMatch(device -> device.status == DeviceStatus.STREAMING);
    }

    public synchronized void setPatient(String patient) {
        this.patient = patient;
    }

    /** The vital's recent history; empty when the bed has not measured it. */
    public synchronized TrendBuffer.Samples trendSince(VitalSign vital, java.time.Instant since) {
        TrendBuffer trend = trends.get(vital);
        return trend == null ? TrendBuffer.Samples.NONE : trend.since(since);
    }

    public synchronized Reading latest(VitalSign vital) {
        return latest.get(vital);
    }

    /** A snapshot of this bed, with what other parts of the gateway know of it. */
    public synchronized BedView view(Map<?, ?> limits, List<?> alarms, Object audio, Object news2) {
        List<BedView.DeviceView> deviceViews = new ArrayList<>();
        devices.forEach((id, device) -> deviceViews.add(new BedView.DeviceView(
                id, device.protocol, device.status.name(), List.copyOf(device.conditions))));
        Map<String, BedView.VitalView> vitals = new LinkedHashMap<>();
        latest.forEach((vital, reading) -> vitals.put(vital.name(), new BedView.VitalView(
                reading.isUsable() ? reading.value() : null, reading.unit(), reading.effectiveTime(),
                reading.quality().toString(), reading.deviceId())));
        return new BedView(config.id(), config.label(), patient, deviceViews, vitals, limits, alarms, audio, news2);
    }

    private static final class DeviceEntry {
        final String protocol;
        final TreeSet<String> conditions = new TreeSet<>();
        DeviceStatus status = DeviceStatus.CONNECTING;

        DeviceEntry(String protocol) {
            this.protocol = protocol;
        }
    }
}
