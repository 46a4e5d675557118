package org.vigil.gateway.beds;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A consistent snapshot of one bed, as served by {@code GET /api/beds}.
 *
 * @param vitals latest value per vital, keyed by the vital's API name
 */
public record BedView(String id, String label, String patient, List<DeviceView> devices,
                      Map<String, VitalView> vitals, Map<?, ?> limits, List<?> alarms, Object audio,
                      Object news2) {

    public record DeviceView(String id, String protocol, String status, List<String> conditions) {
    }

    /** @param value {@code null} when the latest reading carried no usable number */
    public record VitalView(Double value, String unit, Instant time, String quality, String device) {
    }
}
