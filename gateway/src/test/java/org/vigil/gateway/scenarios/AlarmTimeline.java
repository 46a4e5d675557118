package org.vigil.gateway.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;
import org.vigil.gateway.support.LiveStream;
import org.vigil.gateway.support.LiveStream.Event;

/** One bed's part of what a dashboard received on the live stream: its readings, device events and alarms. */
final class AlarmTimeline {

    private final LiveStream stream;
    private final String bed;

    AlarmTimeline(LiveStream stream, String bed) {
        this.stream = stream;
        this.bed = bed;
    }

    List<Event> alarms() {
        return ofBed("alarm");
    }

    /** The rules raised on this bed so far, with the priority each was raised at. */
    Map<String, String> raised() {
        return alarms().stream().filter(e -> e.data().path("transition").asText().equals("RAISED"))
                .collect(Collectors.toMap(e -> e.data().path("rule").asText(), e -> e.data().path("priority").asText(),
                        (a, b) -> a + "," + b, TreeMap::new));
    }

    Optional<Event> alarm(String rule, String transition) {
        return alarms().stream().filter(e -> e.data().path("rule").asText().equals(rule)
                && e.data().path("transition").asText().equals(transition)).findFirst();
    }

    Event raised(String rule) {
        return alarm(rule, "RAISED").orElseThrow(() -> new AssertionError(rule + " not raised on " + bed));
    }

    List<Event> readings(String vital) {
        return ofBed("reading").stream().filter(e -> e.data().path("vital").asText().equals(vital)).toList();
    }

    Optional<Event> deviceEvent(String kind, boolean active) {
        return ofBed("device").stream().filter(e -> e.data().path("kind").asText().equals(kind)
                && e.data().path("active").asBoolean() == active).findFirst();
    }

    /** The first device event of {@code kind} received after {@code after}. */
    Optional<Event> deviceEventAfter(String kind, Event after) {
        return ofBed("device").stream().filter(e -> e.data().path("kind").asText().equals(kind)
                && e.receivedAt().isAfter(after.receivedAt())).findFirst();
    }

    /**
     * The first reading of the uninterrupted run of {@code vital} readings meeting {@code condition}
     * that led up to {@code before}: the moment a persistence delay started counting. A reading
     * without a value (the device flagged it unusable) neither starts nor breaks a run, as in the engine.
     */
    Event onsetOfRunBefore(String vital, DoublePredicate condition, Instant before) {
        Event onset = null;
        for (Event reading : readings(vital)) {
            if (reading.receivedAt().isAfter(before)) break;
            JsonNode value = reading.data().path("value");
            if (!value.isNumber()) continue;
            boolean meets = condition.test(value.asDouble());
            if (!meets) onset = null;
            else if (onset == null) onset = reading;
        }
        if (onset == null) throw new AssertionError("no " + vital + " reading run on " + bed + " before " + before);
        return onset;
    }

    static Duration between(Event from, Event to) {
        return Duration.between(from.receivedAt(), to.receivedAt());
    }

    private List<Event> ofBed(String type) {
        return stream.events(type).filter(e -> e.data().path("bed").asText().equals(bed)).toList();
    }
}
