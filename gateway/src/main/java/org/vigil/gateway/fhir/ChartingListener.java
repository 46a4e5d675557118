package org.vigil.gateway.fhir;

import java.time.Instant;
import java.util.Map;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.model.VitalSign;

/**
 * Told what the recorder charted, after the Observation was stored, on the recorder's thread: the
 * representative value of an interval, an NIBP measurement, or the reading that raised an alarm.
 * A listener that throws is reported as a storage failure.
 */
public interface ChartingListener {

    /**
     * @param limits the limits in force for the charted vitals (those crossed, for an alarm)
     */
    void charted(String bedId, Occupancy occupancy, Chartable chartable, Map<VitalSign, VitalLimits> limits);

    /** Every charting interval that ended at or before {@code now} has been charted. */
    void intervalsClosed(Instant now);
}
