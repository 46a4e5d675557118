package org.vigil.drivers.ble;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/**
 * Passes on only the conditions that changed: a raise when one starts or its detail changes, a clear
 * when an active one ends. Everything else goes through untouched. One per session.
 */
final class ConditionChanges implements DecoderSink {

    private final DecoderSink next;
    private final Map<DeviceEvent.Kind, String> active = new EnumMap<>(DeviceEvent.Kind.class);

    ConditionChanges(DecoderSink next) {
        this.next = next;
    }

    @Override
    public void condition(DeviceEvent.Kind kind, boolean raised, String detail) {
        if (raised) {
            if (detail.equals(active.put(kind, detail))) return;
            next.condition(kind, true, detail);
        } else if (active.remove(kind) != null) {
            next.condition(kind, false, "");
        }
    }

    @Override
    public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
        next.reading(vital, value, quality, deviceTime);
    }

    @Override
    public void invalidFrame(InvalidFrame frame) {
        next.invalidFrame(frame);
    }

    @Override
    public void identity(DeviceIdentity identity) {
        next.identity(identity);
    }

    @Override
    public void alive() {
        next.alive();
    }
}
