package org.vigil.gateway.beds;

import java.time.Instant;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Reading;

/** The JSON shapes of the live stream's events; each carries the bed id. */
public final class LiveEvents {

    private LiveEvents() {
    }

    public record ReadingEvent(String bed, String device, String vital, Double value, String unit,
                               Instant time, String quality) {
    }

    public record DeviceEventView(String bed, String device, String kind, boolean active, String detail,
                                  Instant time) {
    }

    static ReadingEvent reading(String bedId, Reading reading) {
        return new ReadingEvent(bedId, reading.deviceId(), reading.vital().name(),
                reading.isUsable() ? reading.value() : null, reading.unit(), reading.effectiveTime(),
                reading.quality().toString());
    }

    static DeviceEventView device(String bedId, DeviceEvent event) {
        return new DeviceEventView(bedId, event.deviceId(), event.kind().name(), event.active(), event.detail(),
                event.time());
    }
}
