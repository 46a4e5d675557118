package org.vigil.drivers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/** Records what a message session reported as readable lines (shared by the BLE and JSON tests): "SPO2 97.0 valid @2026-...", "SENSOR_OFF raised: ...". */
public final class LineRecordingSink implements DecoderSink {

    public record Reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
        @Override
        public String toString() {
            return vital + " " + value + " " + quality + (deviceTime == null ? "" : " @" + deviceTime);
        }
    }

    public final List<Reading> readings = new ArrayList<>();
    public final List<InvalidFrame> invalidFrames = new ArrayList<>();
    public final List<String> conditions = new ArrayList<>();

    @Override
    public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
        readings.add(new Reading(vital, value, quality, deviceTime));
    }

    @Override
    public void condition(DeviceEvent.Kind kind, boolean active, String detail) {
        conditions.add(kind + (active ? " raised" : " cleared") + (detail.isEmpty() ? "" : ": " + detail));
    }

    @Override
    public void invalidFrame(InvalidFrame frame) {
        invalidFrames.add(frame);
    }

    public String readingLine() {
        return String.join("; ", readings.stream().map(Reading::toString).toList());
    }

    /** Conditions, then readings, joined by "; ". */
    public String line() {
        List<String> all = new ArrayList<>(conditions);
        readings.forEach(r -> all.add(r.toString()));
        return String.join("; ", all);
    }

    public void clear() {
        readings.clear();
        invalidFrames.clear();
        conditions.clear();
    }
}
