package org.vigil.alerting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Reading;

/**
 * All beds of a gateway: routes readings and device events from a device to its bed, advances
 * time, and holds the gateway's own technical alarms under the bed id {@link #GATEWAY}.
 * Not thread-safe: call it from one thread.
 */
public final class AlarmEngine {

    /** The pseudo-bed holding gateway-wide technical alarms (storage, export, no dashboard). */
    public static final String GATEWAY = "gateway";

    private final AlarmListener listener;
    private final Map<String, BedAlarms> beds = new LinkedHashMap<>();
    private final Map<String, BedAlarms> bedByDevice = new HashMap<>();
    private final BedAlarms gateway;

    public AlarmEngine(AlarmListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.gateway = new BedAlarms(GATEWAY, AlarmProfile.of(GATEWAY, List.of()), BedSettings.DEFAULT, listener);
    }

    public BedAlarms addBed(String bedId, AlarmProfile profile, BedSettings settings) {
        if (GATEWAY.equals(bedId) || beds.containsKey(bedId)) {
            throw new IllegalArgumentException("bed " + bedId + " already exists");
        }
        BedAlarms bed = new BedAlarms(bedId, profile, settings, listener);
        beds.put(bedId, bed);
        return bed;
    }

    /** Removes a bed and its device assignments, ending (and reporting) its open alarms. */
    public void removeBed(String bedId, Instant now) {
        BedAlarms bed = beds.remove(bedId);
        if (bed == null) return;
        bedByDevice.values().removeIf(b -> b == bed);
        bed.close(now);
    }

    public Optional<BedAlarms> bed(String bedId) {
        return Optional.ofNullable(GATEWAY.equals(bedId) ? gateway : beds.get(bedId));
    }

    public Collection<BedAlarms> beds() {
        return Collections.unmodifiableCollection(beds.values());
    }

    /** Routes a device's readings and events to a bed; a device belongs to one bed at a time. */
    public void assignDevice(String deviceId, String bedId) {
        BedAlarms bed = beds.get(bedId);
        if (bed == null) throw new IllegalArgumentException("no bed " + bedId);
        bedByDevice.put(deviceId, bed);
    }

    public void unassignDevice(String deviceId) {
        bedByDevice.remove(deviceId);
    }

    /** @return whether the reading's device is assigned to a bed */
    public boolean onReading(Reading reading) {
        BedAlarms bed = bedByDevice.get(reading.deviceId());
        if (bed == null) return false;
        bed.onReading(reading);
        return true;
    }

    /** @return whether the event's device is assigned to a bed */
    public boolean onDeviceEvent(DeviceEvent event) {
        BedAlarms bed = bedByDevice.get(event.deviceId());
        if (bed == null) return false;
        bed.onDeviceEvent(event);
        return true;
    }

    public void tick(Instant now) {
        gateway.tick(now);
        for (BedAlarms bed : beds.values()) bed.tick(now);
    }

    /** Acknowledges an alarm of any bed, or of the gateway. */
    public Optional<Alarm> acknowledge(String alarmId, String user, Instant now) {
        Optional<Alarm> done = gateway.acknowledge(alarmId, user, now);
        for (var it = beds.values().iterator(); done.isEmpty() && it.hasNext(); ) {
            done = it.next().acknowledge(alarmId, user, now);
        }
        return done;
    }

    /** Raises a gateway-detected technical alarm on a bed, or gateway-wide when {@code bedId} is null. */
    public void raiseTechnical(String bedId, String code, Priority priority, String detail, Instant now) {
        target(bedId).raiseTechnical(code, priority, detail, now);
    }

    public void clearTechnical(String bedId, String code, Instant now) {
        target(bedId).clearTechnical(code, now);
    }

    /** Every open alarm: the gateway's first, then each bed's. */
    public List<Alarm> alarms() {
        List<Alarm> all = new ArrayList<>(gateway.alarms());
        for (BedAlarms bed : beds.values()) all.addAll(bed.alarms());
        return all;
    }

    private BedAlarms target(String bedId) {
        if (bedId == null) return gateway;
        return bed(bedId).orElseThrow(() -> new IllegalArgumentException("no bed " + bedId));
    }
}
