package org.vigil.gateway.http;

import java.util.Optional;
import org.vigil.gateway.alarms.AlarmLog;
import org.vigil.gateway.alarms.AlarmService;
import org.vigil.gateway.alarms.BedLimits;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.BedView;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.fhir.FhirApi;
import org.vigil.gateway.fhir.VitalsRecorder;
import org.vigil.gateway.metrics.MicrometerGatewayMetrics;
import org.vigil.gateway.stream.StreamHub;

/** What the HTTP interface reads and acts on. */
public interface GatewayServices {

    Ward ward();

    StreamHub hub();

    MicrometerGatewayMetrics metrics();

    AlarmService alarms();

    BedLimits limits();

    VitalsRecorder recorder();

    /** The durable alarm log, for a bed's alarm history. */
    AlarmLog alarmLog();

    /** Whether the last storage operation succeeded, for the health endpoint. */
    boolean storageHealthy();

    /**
     * The FHIR API as the client addressed it: links and full URLs use the request's own
     * {@code Host}, so they work behind any bind address or port.
     */
    FhirApi fhir(String host);

    AccessPolicy access();

    BloodPressureControl bloodPressure();

    /** A complete snapshot of the bed: live state, limits, alarms, audio pause, NEWS2. */
    default BedView view(BedState bed) {
        return bed.view(limits().of(bed.id()), alarms().alarmsOf(bed.id()), alarms().audio(bed.id()),
                alarms().news2(bed.id()));
    }

    default Optional<BedState> bed(String id) {
        return ward().bed(id);
    }
}
