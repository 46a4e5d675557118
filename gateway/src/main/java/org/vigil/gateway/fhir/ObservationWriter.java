package org.vigil.gateway.fhir;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.vigil.gateway.storage.FhirResourceRepository;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Makes and stores the Observations for what the charting policy decided to chart, under the
 * occupancy of the device's bed, and the Device of every device seen. What is charted is held
 * until {@link #commit(int)}, which stores the oldest of it in one transaction and then tells the
 * listeners about each stored Observation, in order; listeners hear that intervals have closed only
 * once everything charted before is stored. Used by the recorder's worker thread only.
 */
final class ObservationWriter {

    private static final List<VitalSign> BLOOD_PRESSURE = List.of(VitalSign.BP_SYS, VitalSign.BP_DIA, VitalSign.BP_MEAN);

    /** One item to chart, with the limits that were in force (or crossed) when it was decided. */
    private record Due(String bedId, Chartable chartable, Map<VitalSign, VitalLimits> limits) {
    }

    private final FhirResourceRepository resources;
    private final BedOccupancies occupancies;
    private final VitalsRecorder.LimitsSource limits;
    private final RecorderFailures failures;
    private final ObservationFactory observations = new ObservationFactory();
    private final Map<String, String> bedOfDevice = new HashMap<>();
    private final Set<String> knownDevices = new HashSet<>();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong encoded = new AtomicLong();
    private final List<ChartingListener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Due> pending = new ArrayDeque<>();
    /** Readings that raised an alarm: stored ahead of the interval values pending. */
    private final ArrayDeque<Due> alarms = new ArrayDeque<>();
    /** The latest time up to which intervals closed while charting was still pending, or null. */
    private Instant closedUntold;

    ObservationWriter(FhirResourceRepository resources, BedOccupancies occupancies, VitalsRecorder.LimitsSource limits,
                      RecorderFailures failures) {
        this.resources = resources;
        this.occupancies = occupancies;
        this.limits = limits;
        this.failures = failures;
    }

    void addListener(ChartingListener listener) {
        listeners.add(listener);
    }

    /** Tells the listeners that intervals up to {@code now} are charted, once what is pending is stored. */
    void intervalsClosed(Instant now) {
        closedUntold = now;
        tellClosedOnceStored();
    }

    private void tellClosedOnceStored() {
        if (closedUntold == null || pending() > 0) return;
        Instant closed = closedUntold;
        closedUntold = null;
        for (ChartingListener listener : listeners) failures.guarded(() -> listener.intervalsClosed(closed));
    }

    /** Items charted and not yet stored. */
    int pending() {
        return alarms.size() + pending.size();
    }

    long stored() {
        return stored.get();
    }

    /**
     * Observations made and encoded, and Devices stored, so far: a charting flush of a whole ward
     * spends seconds on this before its one transaction, and that is progress, not a stall.
     */
    long encoded() {
        return encoded.get();
    }

    /** Encodes one of each resource the writer makes, before the first reading (see {@link FhirResourceRepository#prepareEncoding}). */
    void prepareEncoding() {
        String example = "example";
        Instant time = Instant.EPOCH;
        Map<VitalSign, VitalLimits> bloodPressureLimits = Map.of(VitalSign.BP_SYS, VitalLimits.of(90, 160));
        resources.prepareEncoding(List.of(
                observations.device(example, new DeviceIdentity("Example", "Oximeter", "1")),
                observations.vital(Reading.of(example, VitalSign.SPO2, 97, time), example, VitalLimits.of(90, 100)),
                observations.bloodPressure(Reading.of(example, VitalSign.BP_SYS, 120, time), Reading.of(example, VitalSign.BP_DIA, 80, time),
                        Reading.of(example, VitalSign.BP_MEAN, 93, time), example, bloodPressureLimits),
                new PatientFactory().placeholder(example)));
    }

    /** Notes which bed the device is at. */
    void seen(String bedId, String deviceId) {
        bedOfDevice.put(deviceId, bedId);
    }

    /**
     * Stores a Device for each of these devices that has none yet, {@code slice} devices to a
     * lookup and a transaction, so that a whole ward seen for the first time shows progress.
     */
    void ensureDevices(Collection<String> deviceIds, int slice) {
        Map<String, Device> unknown = new LinkedHashMap<>();
        for (String deviceId : deviceIds) {
            if (knownDevices.contains(deviceId)) continue;
            unknown.put(deviceId, observations.device(deviceId, null));
            if (unknown.size() == slice) saveNewDevices(unknown);
        }
        if (!unknown.isEmpty()) saveNewDevices(unknown);
    }

    private void saveNewDevices(Map<String, Device> unknown) {
        resources.saveNewDevices(unknown);
        knownDevices.addAll(unknown.keySet());
        encoded.addAndGet(unknown.size());
        unknown.clear();
    }

    void identified(String deviceId, DeviceIdentity identity) {
        resources.saveDevice(deviceId, observations.device(deviceId, identity));
        knownDevices.add(deviceId);
    }

    /** Holds each item for the next {@link #commit()}, with the limits in force now. */
    void chart(List<Chartable> due) {
        for (Chartable chartable : due) failures.guarded(() -> hold(chartable));
    }

    private void hold(Chartable chartable) {
        Reading first = chartable instanceof Chartable.BloodPressure bp ? bp.systolic() : ((Chartable.Single) chartable).reading();
        String bed = bedOfDevice.get(first.deviceId());
        if (bed == null) throw new IllegalStateException("cannot chart a reading of device " + first.deviceId() + ": no bed seen for it");
        if (chartable instanceof Chartable.BloodPressure) {
            Map<VitalSign, VitalLimits> inForce = new HashMap<>();
            for (VitalSign vital : BLOOD_PRESSURE) {
                VitalLimits vitalLimits = limits.limitsFor(bed, vital);
                if (vitalLimits != null) inForce.put(vital, vitalLimits);
            }
            pending.add(new Due(bed, chartable, inForce));
        } else {
            VitalLimits inForce = limits.limitsFor(bed, first.vital());
            pending.add(new Due(bed, chartable, inForce == null ? Map.of() : Map.of(first.vital(), inForce)));
        }
    }

    /** Holds the readings that triggered an alarm, with the limits they crossed, for the next {@link #commit()}. */
    void chartAlarm(String bedId, List<Chartable> due, VitalLimits limitsCrossed) {
        for (Chartable chartable : due) {
            Chartable.Single single = (Chartable.Single) chartable;
            alarms.add(new Due(bedId, chartable, limitsCrossed == null ? Map.of() : Map.of(single.reading().vital(), limitsCrossed)));
        }
    }

    /** Stores all that is held; see {@link #commit(int)}. */
    void commit() {
        commit(Integer.MAX_VALUE);
    }

    /**
     * Stores up to {@code max} of what is held, readings that raised an alarm first and otherwise
     * the oldest first, in one transaction, starting the
     * occupancies it needs first, then tells the listeners about each Observation stored, in the
     * order charted. An item that cannot be made is reported and left out; a failed transaction is
     * reported and stores none of them.
     */
    void commit(int max) {
        if (pending() == 0) return;
        List<Due> due = new ArrayList<>(Math.min(max, pending()));
        while (due.size() < max && !alarms.isEmpty()) due.add(alarms.poll());
        while (due.size() < max && !pending.isEmpty()) due.add(pending.poll());
        Set<String> beds = new LinkedHashSet<>();
        for (Due item : due) beds.add(item.bedId());
        Map<String, Occupancy> occupancyOf = new HashMap<>();
        failures.guarded(() -> occupancyOf.putAll(occupancies.ofAll(beds)));
        List<Due> made = new ArrayList<>(due.size());
        List<FhirResourceRepository.EncodedObservation> batch = new ArrayList<>(due.size());
        for (Due item : due) {
            Occupancy occupancy = occupancyOf.get(item.bedId());
            if (occupancy == null) continue;
            failures.guarded(() -> {
                batch.add(resources.encoded(observation(item, occupancy)));
                made.add(item);
            });
            encoded.incrementAndGet();
        }
        List<Boolean> saved = new ArrayList<>();
        failures.guarded(() -> saved.addAll(resources.saveEncoded(batch)));
        for (int i = 0; i < saved.size(); i++) {
            if (!saved.get(i)) continue;
            stored.incrementAndGet();
            Due item = made.get(i);
            Occupancy occupancy = occupancyOf.get(item.bedId());
            failures.guarded(() -> tell(item.bedId(), occupancy, item.chartable(), item.limits()));
        }
        tellClosedOnceStored();
    }

    private Observation observation(Due item, Occupancy occupancy) {
        if (item.chartable() instanceof Chartable.BloodPressure bp) {
            return observations.bloodPressure(bp.systolic(), bp.diastolic(), bp.mean(), occupancy.id(), item.limits());
        }
        Reading reading = ((Chartable.Single) item.chartable()).reading();
        return observations.vital(reading, occupancy.id(), item.limits().get(reading.vital()));
    }

    private void tell(String bedId, Occupancy occupancy, Chartable chartable, Map<VitalSign, VitalLimits> limitsInForce) {
        for (ChartingListener listener : listeners) listener.charted(bedId, occupancy, chartable, limitsInForce);
    }
}
