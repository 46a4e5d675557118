package org.vigil.gateway.beds;

import java.time.Instant;

/**
 * Recent history of one vital on one bed: a fixed-size ring of primitive samples, so that keeping
 * hours of 1 Hz trends for many beds allocates nothing per reading.
 */
public final class TrendBuffer {

    private final long[] epochMillis;
    private final float[] values;
    private int next;
    private int size;

    public TrendBuffer(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        epochMillis = new long[capacity];
        values = new float[capacity];
    }

    public synchronized void add(Instant time, double value) {
        epochMillis[next] = time.toEpochMilli();
        values[next] = (float) value;
        next = (next + 1) % epochMillis.length;
        if (size < epochMillis.length) size++;
    }

    public synchronized int size() {
        return size;
    }

    public int capacity() {
        return epochMillis.length;
    }

    /** Samples at or after {@code since}, oldest first, as parallel arrays. */
    public synchronized Samples since(Instant since) {
        long from = since.toEpochMilli();
        int start = (next - size + epochMillis.length) % epochMillis.length;
        int skip = 0;
        while (skip < size && epochMillis[(start + skip) % epochMillis.length] < from) skip++;
        int count = size - skip;
        long[] times = new long[count];
        float[] copy = new float[count];
        for (int i = 0; i < count; i++) {
            int at = (start + skip + i) % epochMillis.length;
            times[i] = epochMillis[at];
            copy[i] = values[at];
        }
        return new Samples(times, copy);
    }

    public record Samples(long[] epochMillis, float[] values) {
        public static final Samples NONE = new Samples(new long[0], new float[0]);

        public int size() {
            return values.length;
        }
    }
}
