package org.vigil.gateway.fhir;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Observation;
import org.vigil.gateway.storage.FhirResourceRepository;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Makes and stores the Observations for what the charting policy decided to chart, under the
 * occupancy of the device's bed, and the Device of every device seen. Used by the recorder's
 * worker thread only.
 */
final class ObservationWriter {

    private final FhirResourceRepository resources;
    private final BedOccupancies occupancies;
    private final VitalsRecorder.LimitsSource limits;
    private final RecorderFailures failures;
    private final ObservationFactory observations = new ObservationFactory();
    private final Map<String, String> bedOfDevice = new HashMap<>();
    private final Set<String> knownDevices = new HashSet<>();
    private final AtomicLong stored = new AtomicLong();
    private final List<ChartingListener> listeners = new CopyOnWriteArrayList<>();

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

    void intervalsClosed(Instant now) {
        for (ChartingListener listener : listeners) listener.intervalsClosed(now);
    }

    long stored() {
        return stored.get();
    }

    /** Notes which bed the device is at and stores a Device for it if there is none yet. */
    void seen(String bedId, String deviceId) {
        bedOfDevice.put(deviceId, bedId);
        if (knownDevices.contains(deviceId)) return;
        if (resources.device(FhirIds.deviceResourceId(deviceId)).isEmpty()) {
            resources.saveDevice(deviceId, observations.device(deviceId, null));
        }
        knownDevices.add(deviceId);
    }

    void identified(String deviceId, DeviceIdentity identity) {
        resources.saveDevice(deviceId, observations.device(deviceId, identity));
        knownDevices.add(deviceId);
    }

    /** Charts each item with the limits in force now; one failing item does not stop the others. */
    void chart(List<Chartable> due) {
        for (Chartable chartable : due) {
            failures.guarded(() -> {
                if (chartable instanceof Chartable.Single single) {
                    Reading reading = single.reading();
                    String bed = bedOfDevice.get(reading.deviceId());
                    Occupancy occupancy = occupancies.of(bed);
                    VitalLimits inForce = limits.limitsFor(bed, reading.vital());
                    if (store(observations.vital(reading, occupancy.id(), inForce))) {
                        tell(bed, occupancy, chartable, inForce == null ? Map.of() : Map.of(reading.vital(), inForce));
                    }
                } else if (chartable instanceof Chartable.BloodPressure bp) {
                    String bed = bedOfDevice.get(bp.systolic().deviceId());
                    Map<VitalSign, VitalLimits> inForce = new HashMap<>();
                    for (VitalSign vital : List.of(VitalSign.BP_SYS, VitalSign.BP_DIA, VitalSign.BP_MEAN)) {
                        VitalLimits vitalLimits = limits.limitsFor(bed, vital);
                        if (vitalLimits != null) inForce.put(vital, vitalLimits);
                    }
                    Occupancy occupancy = occupancies.of(bed);
                    if (store(observations.bloodPressure(bp.systolic(), bp.diastolic(), bp.mean(), occupancy.id(), inForce))) {
                        tell(bed, occupancy, chartable, inForce);
                    }
                }
            });
        }
    }

    /** Charts the readings that triggered an alarm with the limits they crossed. */
    void chartAlarm(String bedId, List<Chartable> due, Occupancy occupancy, VitalLimits limitsCrossed) {
        for (Chartable chartable : due) {
            Chartable.Single single = (Chartable.Single) chartable;
            if (store(observations.vital(single.reading(), occupancy.id(), limitsCrossed))) {
                tell(bedId, occupancy, chartable, limitsCrossed == null ? Map.of()
                        : Map.of(single.reading().vital(), limitsCrossed));
            }
        }
    }

    /** Stores an Observation; {@code false} when the same Observation was stored before. */
    private boolean store(Observation observation) {
        if (!resources.saveObservation(observation)) return false;
        stored.incrementAndGet();
        return true;
    }

    private void tell(String bedId, Occupancy occupancy, Chartable chartable, Map<VitalSign, VitalLimits> limitsInForce) {
        for (ChartingListener listener : listeners) listener.charted(bedId, occupancy, chartable, limitsInForce);
    }
}
