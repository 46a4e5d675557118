package org.vigil.simulators.transport;

import java.time.Duration;
import java.util.Random;
import org.vigil.simulators.FrameOutput;

/**
 * Electrical noise on the line: bursts of random bytes between frames and, now and then, a frame
 * with flipped bits, at a steady rate while intact frames keep arriving. Exercises a decoder's
 * resynchronisation and checksum handling.
 */
public final class NoisyLine implements LineFault {

    public static final Duration DEFAULT_NOISE_EVERY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CORRUPT_EVERY = Duration.ofSeconds(2);
    /** At least this many intact frames pass between two corrupted ones, whatever the frame rate. */
    static final int INTACT_BETWEEN_CORRUPT = 2;
    private static final int MAX_NOISE_BYTES = 24;

    private final FrameOutput downstream;
    private final Random random;
    private final Duration noiseEvery;
    private final Duration corruptEvery;
    private Duration now = Duration.ZERO;
    private Duration lastNoise = Duration.ZERO;
    private Duration lastCorrupt = Duration.ZERO;
    private int intactSinceCorrupt;

    public NoisyLine(FrameOutput downstream, Random random, Duration noiseEvery, Duration corruptEvery) {
        this.downstream = downstream;
        this.random = random;
        this.noiseEvery = noiseEvery;
        this.corruptEvery = corruptEvery;
    }

    public static LineFault.Factory factory(Duration noiseEvery, Duration corruptEvery) {
        return (downstream, transport, random) -> new NoisyLine(downstream, random, noiseEvery, corruptEvery);
    }

    @Override
    public void elapsed(Duration sinceStart) {
        now = sinceStart;
    }

    /** Messages keep their sub-topic; a corrupted message is a bit-flipped payload. */
    @Override
    public void write(String subTopic, byte[] bytes) {
        if (bytes.length > 0 && now.minus(lastCorrupt).compareTo(corruptEvery) >= 0) {
            lastCorrupt = now;
            downstream.write(subTopic, flipBits(bytes));
            return;
        }
        downstream.write(subTopic, bytes);
    }

    @Override
    public void write(byte[] bytes) {
        if (now.minus(lastNoise).compareTo(noiseEvery) >= 0) {
            lastNoise = now;
            byte[] noise = new byte[1 + random.nextInt(MAX_NOISE_BYTES)];
            random.nextBytes(noise);
            downstream.write(noise);
        }
        if (bytes.length > 0 && intactSinceCorrupt >= INTACT_BETWEEN_CORRUPT
                && now.minus(lastCorrupt).compareTo(corruptEvery) >= 0) {
            lastCorrupt = now;
            intactSinceCorrupt = 0;
            downstream.write(flipBits(bytes));
            return;
        }
        intactSinceCorrupt++;
        downstream.write(bytes);
    }

    private byte[] flipBits(byte[] frame) {
        byte[] corrupted = frame.clone();
        int bits = corrupted.length * 8;
        int first = random.nextInt(bits);
        flip(corrupted, first);
        if (bits > 1 && random.nextBoolean()) {
            flip(corrupted, (first + 1 + random.nextInt(bits - 1)) % bits);
        }
        return corrupted;
    }

    private static void flip(byte[] bytes, int bit) {
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    }
}
