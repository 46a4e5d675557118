package org.vigil.drivers.nonin;

import java.util.EnumSet;
import org.vigil.drivers.DecoderSink;
import org.vigil.model.DeviceEvent;

/** The device conditions a decoder has reported active, so that each is raised once and cleared once. */
final class ConditionState {

    private final EnumSet<DeviceEvent.Kind> active = EnumSet.noneOf(DeviceEvent.Kind.class);

    void report(DeviceEvent.Kind kind, boolean on, String detail, DecoderSink sink) {
        boolean changed = on ? active.add(kind) : active.remove(kind);
        if (changed) sink.condition(kind, on, detail);
    }

    boolean isActive(DeviceEvent.Kind kind) {
        return active.contains(kind);
    }
}
