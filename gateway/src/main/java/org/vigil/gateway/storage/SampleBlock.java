package org.vigil.gateway.storage;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/**
 * The samples of one vital of one bed from one device within one minute, as one row of
 * {@code sample_blocks}: however many readings a write brings for that key, they cost one row and
 * one index entry, so a busy ward writes far fewer rows than it has readings.
 *
 * <p>The encoding is 16 bytes a sample, in the order written: the time as microseconds since the
 * block's minute (the resolution of {@code TIMESTAMP WITH TIME ZONE} on H2 and PostgreSQL), the
 * value as an IEEE 754 double (NaN where the device sent none) and the quality bits.
 */
final class SampleBlock {

    static final Duration SPAN = Duration.ofMinutes(1);
    private static final int BYTES_PER_SAMPLE = Integer.BYTES + Double.BYTES + Integer.BYTES;
    private static final long MICROS_PER_SPAN = SPAN.toNanos() / 1_000;

    private SampleBlock() {
    }

    /** The start of the minute that holds {@code time}. */
    static Instant minuteOf(Instant time) {
        return time.truncatedTo(ChronoUnit.MINUTES);
    }

    /** Encodes samples whose times all fall in the minute starting at {@code minute}. */
    static byte[] encode(Instant minute, List<Sample> samples) {
        long minuteMicros = micros(minute);
        ByteBuffer buffer = ByteBuffer.allocate(samples.size() * BYTES_PER_SAMPLE);
        for (Sample sample : samples) {
            long offset = micros(sample.time()) - minuteMicros;
            if (offset < 0 || offset >= MICROS_PER_SPAN) {
                throw new IllegalArgumentException(sample.time() + " is not in the minute from " + minute);
            }
            buffer.putInt((int) offset).putDouble(sample.value()).putInt(sample.quality().bits());
        }
        return buffer.array();
    }

    /** Decodes a block written by {@link #encode}. */
    static List<Sample> decode(String bedId, VitalSign vital, String deviceId, Instant minute, byte[] encoded) {
        if (encoded.length % BYTES_PER_SAMPLE != 0) {
            throw new IllegalStateException("sample block of " + bedId + " " + vital + " at " + minute
                    + " has " + encoded.length + " bytes, not a whole number of samples");
        }
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        List<Sample> samples = new ArrayList<>(encoded.length / BYTES_PER_SAMPLE);
        while (buffer.hasRemaining()) {
            Instant time = minute.plus(buffer.getInt(), ChronoUnit.MICROS);
            double value = buffer.getDouble();
            samples.add(new Sample(time, bedId, deviceId, vital, value, new Quality(buffer.getInt())));
        }
        return samples;
    }

    /** How many samples an encoded block holds. */
    static int count(byte[] encoded) {
        return encoded.length / BYTES_PER_SAMPLE;
    }

    /** The instant truncated to whole microseconds, as the database keeps times. */
    static Instant truncated(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private static long micros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }
}
