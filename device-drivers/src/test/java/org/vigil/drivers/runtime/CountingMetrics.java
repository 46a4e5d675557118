package org.vigil.drivers.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.vigil.drivers.InvalidFrame;

/** Counts what the runtime reports, by what a Micrometer counter would be tagged with. */
final class CountingMetrics implements DriverMetrics {

    final AtomicInteger framesDecoded = new AtomicInteger();
    final Map<InvalidFrame.Cause, AtomicInteger> invalidFrames = new ConcurrentHashMap<>();
    final AtomicInteger reconnects = new AtomicInteger();

    @Override
    public void frameDecoded(String protocol) {
        framesDecoded.incrementAndGet();
    }

    @Override
    public void invalidFrame(String protocol, InvalidFrame.Cause cause, int discardedBytes) {
        invalidFrames.computeIfAbsent(cause, c -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void reconnect(String deviceId) {
        reconnects.incrementAndGet();
    }

    int invalid(InvalidFrame.Cause cause) {
        AtomicInteger count = invalidFrames.get(cause);
        return count == null ? 0 : count.get();
    }
}
