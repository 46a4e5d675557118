package org.vigil.drivers.decoding;

import java.util.EnumSet;
import org.vigil.drivers.DecoderSink;
import org.vigil.model.DeviceEvent;

/** The device conditions a decoder has reported active, so that each is raised once and cleared once. */
public final class ConditionState {

    private final EnumSet<DeviceEvent.Kind> active = EnumSet.noneOf(DeviceEvent.Kind.class);

    public void report(DeviceEvent.Kind kind, boolean on, String detail, DecoderSink sink) {
        boolean changed = on ? active.add(kind) : active.remove(kind);
        if (changed) sink.condition(kind, on, detail);
    }

    public boolean isActive(DeviceEvent.Kind kind) {
        return active.contains(kind);
    }
}
