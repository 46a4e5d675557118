package org.vigil.gateway.fhir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.model.Reading;

/**
 * Readings the recorder has taken but not yet written as samples, by bed. While the recorder keeps
 * up they are written with every drained batch; while it is behind they are held for up to the
 * hold period and written together, so that each stored block holds several seconds of a vital
 * instead of one reading. Owned by the recorder's worker thread.
 */
final class HeldSamples {

    private final long holdNanos;
    private Map<String, List<Reading>> byBed = new LinkedHashMap<>();
    private int count;
    private long heldSince;

    HeldSamples(Duration hold) {
        this.holdNanos = hold.toNanos();
    }

    void add(String bedId, Reading reading, long nowNanos) {
        if (count == 0) heldSince = nowNanos;
        byBed.computeIfAbsent(bedId, bed -> new ArrayList<>()).add(reading);
        count++;
    }

    /** Whether what is held should be written now: always once the recorder has caught up, else after the hold. */
    boolean due(boolean caughtUp, long nowNanos) {
        return count > 0 && (caughtUp || nowNanos - heldSince >= holdNanos);
    }

    int count() {
        return count;
    }

    /** Hands over what is held, by bed, and starts empty. */
    Map<String, List<Reading>> take() {
        Map<String, List<Reading>> taken = byBed;
        byBed = new LinkedHashMap<>();
        count = 0;
        return taken;
    }
}
