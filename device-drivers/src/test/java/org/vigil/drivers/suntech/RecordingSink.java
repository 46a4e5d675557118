package org.vigil.drivers.suntech;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/** Records what a session reported, one readable line per call. */
final class RecordingSink implements DecoderSink {

    record Reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
    }

    final List<Reading> readings = new ArrayList<>();
    final List<InvalidFrame> invalidFrames = new ArrayList<>();
    final List<String> conditions = new ArrayList<>();
    int alive;

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

    @Override
    public void alive() {
        alive++;
    }

    List<String> readingLines() {
        return readings.stream().map(r -> r.vital() + " " + r.value()).toList();
    }

    void clear() {
        readings.clear();
        invalidFrames.clear();
        conditions.clear();
    }
}
