package org.vigil.gateway.fhir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.model.Reading;

/**
 * Readings the recorder has taken but not yet written as samples, by bed. While the recorder keeps
 * up they are written once the first has waited the gathering period, so that a busy ward's samples
 * share one commit (each commit of the embedded database copies and writes every B-tree page it
 * changed); while it is behind they are held for up to the hold period and written together, so
 * that each stored block holds several seconds of a vital instead of one reading. A write that fails gives its samples back, to be tried again after the
 * hold, so that a storage outage shorter than the hold's limit leaves no hole in the record.
 * Owned by the recorder's worker thread.
 */
final class HeldSamples {

    private final long gatherNanos;
    private final long holdNanos;
    private final int limit;
    private Map<String, List<Reading>> byBed = new LinkedHashMap<>();
    private int count;
    private long heldSince;
    /** Set after a failed write: what is held waits for the hold even once the recorder has caught up. */
    private boolean retrying;

    /**
     * @param gather how long samples wait to be written together while the recorder keeps up
     * @param hold   how long samples may wait while the recorder is behind, and between tries of a failed write
     * @param limit  the most samples kept for another try; beyond it a failed write's samples are given up
     */
    HeldSamples(Duration gather, Duration hold, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        if (gather.isNegative() || gather.compareTo(hold) > 0) {
            throw new IllegalArgumentException("gather must be between 0 and the hold, got " + gather);
        }
        this.gatherNanos = gather.toNanos();
        this.holdNanos = hold.toNanos();
        this.limit = limit;
    }

    void add(String bedId, Reading reading, long nowNanos) {
        if (count == 0) heldSince = nowNanos;
        byBed.computeIfAbsent(bedId, bed -> new ArrayList<>()).add(reading);
        count++;
    }

    /**
     * Whether what is held should be written now: after the gathering period once the recorder has
     * caught up, else after the hold; after a failed write, only after the hold.
     */
    boolean due(boolean caughtUp, long nowNanos) {
        long waited = nowNanos - heldSince;
        return (dueEarly(caughtUp) && waited >= gatherNanos) || (count > 0 && waited >= holdNanos);
    }

    /**
     * Whether what is held may be written ahead of its gathering period, as it is before charted
     * Observations are committed: not while the recorder is behind, nor while a failed write waits.
     */
    boolean dueEarly(boolean caughtUp) {
        return count > 0 && caughtUp && !retrying;
    }

    /** How long until what is held is due for a recorder that keeps up; 0 when it already is or nothing is held. */
    long nanosUntilGathered(long nowNanos) {
        if (count == 0) return 0;
        return Math.max(0, heldSince + (retrying ? holdNanos : gatherNanos) - nowNanos);
    }

    int count() {
        return count;
    }

    /** Hands over what is held, by bed, and starts empty. */
    Map<String, List<Reading>> take() {
        Map<String, List<Reading>> taken = byBed;
        byBed = new LinkedHashMap<>();
        count = 0;
        retrying = false;
        return taken;
    }

    /**
     * Takes back what a failed write was given, ahead of what was held since, to be tried again
     * after the hold.
     *
     * @return the samples given up instead: all of {@code failed} when keeping them would exceed the limit, else 0
     */
    int giveBack(Map<String, List<Reading>> failed, long nowNanos) {
        int failedCount = failed.values().stream().mapToInt(List::size).sum();
        if (failedCount == 0) return 0;
        if (count + failedCount > limit) return failedCount;
        Map<String, List<Reading>> merged = new LinkedHashMap<>();
        failed.forEach((bed, readings) -> merged.put(bed, new ArrayList<>(readings)));
        byBed.forEach((bed, readings) -> merged.computeIfAbsent(bed, b -> new ArrayList<>()).addAll(readings));
        byBed = merged;
        count += failedCount;
        heldSince = nowNanos;
        retrying = true;
        return 0;
    }
}
