package org.vigil.simulators;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/** Records what a decoder reported, in order; shared by the protocol tests. */
public final class RecordingSink implements DecoderSink {

    public record Value(VitalSign vital, double value, Quality quality, Instant deviceTime) {
    }

    public record Condition(Kind kind, boolean active, String detail) {
    }

    public final List<Value> readings = new ArrayList<>();
    public final List<Condition> conditions = new ArrayList<>();
    public final List<InvalidFrame> invalidFrames = new ArrayList<>();
    public final List<DeviceIdentity> identities = new ArrayList<>();

    @Override
    public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
        readings.add(new Value(vital, value, quality, deviceTime));
    }

    @Override
    public void condition(Kind kind, boolean active, String detail) {
        conditions.add(new Condition(kind, active, detail));
    }

    @Override
    public void invalidFrame(InvalidFrame frame) {
        invalidFrames.add(frame);
    }

    @Override
    public void identity(DeviceIdentity identity) {
        identities.add(identity);
    }

    public List<Value> readingsOf(VitalSign vital) {
        return readings.stream().filter(r -> r.vital() == vital).toList();
    }

    public Value last(VitalSign vital) {
        List<Value> values = readingsOf(vital);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    public List<Condition> conditionsOf(Kind kind) {
        return conditions.stream().filter(c -> c.kind() == kind).toList();
    }

    /** Every number reported lies in its vital's plausible range; NaN carries an unusable flag. */
    public boolean allReadingsPlausible() {
        return readings.stream().allMatch(r -> Double.isNaN(r.value())
                ? !r.quality().isUsable()
                : r.vital().isPlausible(r.value()));
    }
}
