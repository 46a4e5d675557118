package org.vigil.gateway.fhir;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Observation;
import org.vigil.gateway.storage.FhirResourceRepository;
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

    ObservationWriter(FhirResourceRepository resources, BedOccupancies occupancies, VitalsRecorder.LimitsSource limits,
                      RecorderFailures failures) {
        this.resources = resources;
        this.occupancies = occupancies;
        this.limits = limits;
        this.failures = failures;
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
                    store(observations.vital(reading, occupancies.of(bed).id(), limits.limitsFor(bed, reading.vital())));
                } else if (chartable instanceof Chartable.BloodPressure bp) {
                    String bed = bedOfDevice.get(bp.systolic().deviceId());
                    Map<VitalSign, VitalLimits> inForce = new HashMap<>();
                    for (VitalSign vital : List.of(VitalSign.BP_SYS, VitalSign.BP_DIA, VitalSign.BP_MEAN)) {
                        VitalLimits vitalLimits = limits.limitsFor(bed, vital);
                        if (vitalLimits != null) inForce.put(vital, vitalLimits);
                    }
                    store(observations.bloodPressure(bp.systolic(), bp.diastolic(), bp.mean(), occupancies.of(bed).id(), inForce));
                }
            });
        }
    }

    /** Charts the readings that triggered an alarm with the limits they crossed. */
    void chartAlarm(List<Chartable> due, String occupancyId, VitalLimits limitsCrossed) {
        for (Chartable chartable : due) {
            Chartable.Single single = (Chartable.Single) chartable;
            store(observations.vital(single.reading(), occupancyId, limitsCrossed));
        }
    }

    private void store(Observation observation) {
        if (resources.saveObservation(observation)) stored.incrementAndGet();
    }
}
