package org.vigil.simulators.integration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.vigil.drivers.DriverListener;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/** Everything a driver reported for one device, in arrival order, readable from the test thread. */
final class Recorder implements DriverListener {

    private final List<Reading> readings = new CopyOnWriteArrayList<>();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private final List<InvalidFrame> invalidFrames = new CopyOnWriteArrayList<>();
    /** Readings and events together, in the order the driver reported them. */
    private final List<Object> arrivals = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void reading(Reading reading) {
        readings.add(reading);
        arrivals.add(reading);
    }

    @Override
    public synchronized void event(DeviceEvent event) {
        events.add(event);
        arrivals.add(event);
    }

    /**
     * Readings of {@code vital} reported after {@code event}. Bytes read together share a receive
     * time, so the order of reporting, not the time, tells what came after an event.
     */
    List<Reading> readingsAfter(DeviceEvent event, VitalSign vital) {
        List<Object> all = List.copyOf(arrivals);
        int at = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == event) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("not reported here: " + event);
        }
        return all.subList(at + 1, all.size()).stream()
                .filter(Reading.class::isInstance).map(Reading.class::cast)
                .filter(r -> r.vital() == vital)
                .toList();
    }

    @Override
    public void invalidFrame(String deviceId, String protocol, InvalidFrame frame) {
        invalidFrames.add(frame);
    }

    List<Reading> readings() {
        return List.copyOf(readings);
    }

    List<Reading> readings(VitalSign vital) {
        return readings.stream().filter(r -> r.vital() == vital).toList();
    }

    /** Readings of {@code vital} received at or after {@code since}. */
    List<Reading> readings(VitalSign vital, Instant since) {
        return readings.stream().filter(r -> r.vital() == vital && !r.receivedAt().isBefore(since)).toList();
    }

    List<Reading> usable(VitalSign vital) {
        return readings.stream().filter(r -> r.vital() == vital && r.isUsable()).toList();
    }

    List<Reading> usable(VitalSign vital, Instant since) {
        return readings(vital, since).stream().filter(Reading::isUsable).toList();
    }

    List<Reading> flagged(Quality.Flag flag) {
        return readings.stream().filter(r -> r.quality().has(flag)).toList();
    }

    List<DeviceEvent> events() {
        return List.copyOf(events);
    }

    List<Kind> lifecycle() {
        return events.stream().filter(e -> e.kind().isLifecycle()).map(DeviceEvent::kind).toList();
    }

    /** The first event of {@code kind} raised ({@code active}) or cleared. */
    Optional<DeviceEvent> first(Kind kind, boolean active) {
        return events.stream().filter(e -> e.kind() == kind && e.active() == active).findFirst();
    }

    /** The first event of {@code kind} at or after {@code since}. */
    Optional<DeviceEvent> first(Kind kind, Instant since) {
        return events.stream().filter(e -> e.kind() == kind && !e.time().isBefore(since)).findFirst();
    }

    /** The first lifecycle event that reports an outage: SILENT or DISCONNECTED, after {@code since}. */
    Optional<DeviceEvent> firstOutage(Instant since) {
        return events.stream()
                .filter(e -> (e.kind() == Kind.SILENT || e.kind() == Kind.DISCONNECTED) && !e.time().isBefore(since))
                .findFirst();
    }

    boolean has(Kind kind) {
        return events.stream().anyMatch(e -> e.kind() == kind);
    }

    List<InvalidFrame> invalidFrames() {
        return List.copyOf(invalidFrames);
    }

    /** For assertion messages: what the device went through. */
    String summary() {
        return "events " + events.stream().map(e -> e.kind() + (e.kind().isLifecycle() ? "" : e.active() ? "+" : "-")).toList()
                + ", " + readings.size() + " readings (" + readings.stream().filter(Reading::isUsable).count() + " usable), "
                + invalidFrames.size() + " invalid frames " + invalidFrames.stream().limit(5).map(InvalidFrame::cause).toList();
    }
}
