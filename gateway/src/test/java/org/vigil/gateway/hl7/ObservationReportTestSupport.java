package org.vigil.gateway.hl7;

import java.time.Instant;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/** Metrics for tests that need a message, not its details. */
final class ObservationReportTestSupport {

    private ObservationReportTestSupport() {
    }

    static ObservationReport.Metric spo2(double value) {
        Instant now = Instant.now();
        return new ObservationReport.Metric(new Reading("bed-1-oximeter", VitalSign.SPO2, value, "%", now, now, Quality.VALID),
                VitalLimits.of(90, 100));
    }
}
