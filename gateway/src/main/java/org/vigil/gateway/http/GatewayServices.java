package org.vigil.gateway.http;

import java.util.List;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.metrics.MicrometerGatewayMetrics;
import org.vigil.gateway.stream.StreamHub;

/** What the HTTP interface reads and acts on. */
public interface GatewayServices {

    Ward ward();

    StreamHub hub();

    MicrometerGatewayMetrics metrics();

    BloodPressureControl bloodPressure();

    /** The bed's current alarms, as served in its view. */
    List<?> alarmsOf(BedState bed);
}
