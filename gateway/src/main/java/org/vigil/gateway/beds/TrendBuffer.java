package org.vigil.gateway.beds;

import java.time.Instant;
import java.util.Arrays;
import org.vigil.model.VitalSign;

/**
 * Recent history of one vital on one bed: a fixed-size ring of primitive samples, so that keeping
 * hours of 1 Hz trends for many beds allocates nothing per reading.
 *
 * <p>A sample takes six bytes: its time as milliseconds from the ring's base time (an {@code int},
 * about 24 days either side) and its value as a {@code short} in the vital's fixed-point scale. The
 * scale is the finest power of ten at which the vital's plausible maximum still fits (0.01 for SpO2
 * and blood pressure, 0.1 for pulse rate), finer than any device reports. A sample more than 24 days
 * from the base starts the ring again at that sample: a trend of a few hours has nothing to keep
 * from so long ago.
 *
 * <p>The arrays start at {@value #INITIAL_CAPACITY} samples and double as they fill, up to the
 * capacity: a gateway started with a full ward would otherwise allocate two hours of every bed's
 * rings in its first seconds (about 470 MiB at 5,000 beds), which the garbage collector copies
 * into the old generation while the first readings wait (BENCHMARKS.md).
 */
public final class TrendBuffer {

    static final int INITIAL_CAPACITY = 64;

    private final int capacity;
    private final double scale;
    private int[] offsetMillis;
    private short[] scaled;
    private long baseMillis;
    private int next;
    private int size;

    public TrendBuffer(VitalSign vital, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.capacity = capacity;
        offsetMillis = new int[Math.min(capacity, INITIAL_CAPACITY)];
        scaled = new short[offsetMillis.length];
        scale = scaleFor(Math.max(Math.abs(vital.plausibleMin()), Math.abs(vital.plausibleMax())));
    }

    /** The finest power of ten, up to 1,000, at which {@code magnitude} fits in a {@code short}. */
    static double scaleFor(double magnitude) {
        double scale = 1000;
        while (scale > 1 && magnitude * scale > Short.MAX_VALUE) scale /= 10;
        return scale;
    }

    public synchronized void add(Instant time, double value) {
        long millis = time.toEpochMilli();
        if (size == 0) {
            baseMillis = millis;
        } else if (millis - baseMillis > Integer.MAX_VALUE || millis - baseMillis < Integer.MIN_VALUE) {
            size = 0;
            next = 0;
            baseMillis = millis;
        }
        if (size == offsetMillis.length && size < capacity) grow();
        offsetMillis[next] = (int) (millis - baseMillis);
        scaled[next] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value * scale)));
        next = (next + 1) % offsetMillis.length;
        if (size < offsetMillis.length) size++;
    }

    /** Only called when the ring is full and has never wrapped: its samples are in order from 0. */
    private void grow() {
        int length = (int) Math.min(capacity, 2L * offsetMillis.length);
        offsetMillis = Arrays.copyOf(offsetMillis, length);
        scaled = Arrays.copyOf(scaled, length);
        next = size;
    }

    public synchronized int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Samples at or after {@code since}, oldest first, as parallel arrays. */
    public synchronized Samples since(Instant since) {
        long from = since.toEpochMilli();
        int length = offsetMillis.length;
        int start = (next - size + length) % length;
        int skip = 0;
        while (skip < size && baseMillis + offsetMillis[(start + skip) % length] < from) skip++;
        int count = size - skip;
        long[] times = new long[count];
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            int at = (start + skip + i) % length;
            times[i] = baseMillis + offsetMillis[at];
            values[i] = (float) (scaled[at] / scale);
        }
        return new Samples(times, values);
    }

    public record Samples(long[] epochMillis, float[] values) {
        public static final Samples NONE = new Samples(new long[0], new float[0]);

        public int size() {
            return values.length;
        }
    }
}
