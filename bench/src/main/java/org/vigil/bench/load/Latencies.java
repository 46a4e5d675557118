package org.vigil.bench.load;

import java.util.Arrays;

/** Latency samples in microseconds, in a growable primitive array; percentiles by nearest rank. */
final class Latencies {

    private long[] micros = new long[1024];
    private int size;

    synchronized void add(long latencyMicros) {
        if (size == micros.length) micros = Arrays.copyOf(micros, size * 2);
        micros[size++] = latencyMicros;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code p}-th percentile (0 to 100) in milliseconds, NaN when empty. */
    synchronized double percentileMillis(double p) {
        if (size == 0) return Double.NaN;
        long[] sorted = Arrays.copyOf(micros, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1000.0;
    }

    synchronized double maxMillis() {
        if (size == 0) return Double.NaN;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) max = Math.max(max, micros[i]);
        return max / 1000.0;
    }
}
