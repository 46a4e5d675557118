package org.vigil.simulators.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoisyLineTest {

    /** A 10-byte frame with a recognisable header, sent ten times a second. */
    private static final byte[] FRAME = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A};

    @Test
    void givenAMinuteOf10HzFrames_thenNoiseBurstsAndCorruptedFramesArriveAtASteadyRateAmongIntactFrames() {
        List<byte[]> line = new ArrayList<>();
        NoisyLine noisy = new NoisyLine(line::add, new Random(5), Duration.ofSeconds(1), Duration.ofSeconds(2));

        sendFrames(noisy, 600, Duration.ofMillis(100));

        long intact = line.stream().filter(b -> Arrays.equals(b, FRAME)).count();
        long corrupted = line.stream().filter(NoisyLineTest::isCorruptedFrame).count();
        long noise = line.size() - intact - corrupted;
        assertThat(intact).isEqualTo(600 - corrupted);
        assertThat(corrupted).isBetween(25L, 31L);
        assertThat(noise).isBetween(55L, 61L);
    }

    @Test
    void givenA1HzDevice_thenAtLeastTwoIntactFramesPassBetweenCorruptedOnes() {
        List<byte[]> line = new ArrayList<>();
        NoisyLine noisy = new NoisyLine(line::add, new Random(5), Duration.ofSeconds(1), Duration.ofMillis(500));

        sendFrames(noisy, 60, Duration.ofSeconds(1));

        List<byte[]> frames = line.stream().filter(b -> Arrays.equals(b, FRAME) || isCorruptedFrame(b)).toList();
        int intactRun = NoisyLine.INTACT_BETWEEN_CORRUPT;
        for (byte[] frame : frames) {
            if (Arrays.equals(frame, FRAME)) {
                intactRun++;
            } else {
                assertThat(intactRun).isGreaterThanOrEqualTo(NoisyLine.INTACT_BETWEEN_CORRUPT);
                intactRun = 0;
            }
        }
        assertThat(frames.stream().filter(b -> Arrays.equals(b, FRAME)).count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void givenTheSameSeed_thenTheNoiseIsTheSame() {
        List<byte[]> one = new ArrayList<>();
        List<byte[]> two = new ArrayList<>();

        sendFrames(new NoisyLine(one::add, new Random(9), Duration.ofSeconds(1), Duration.ofSeconds(2)), 100, Duration.ofMillis(100));
        sendFrames(new NoisyLine(two::add, new Random(9), Duration.ofSeconds(1), Duration.ofSeconds(2)), 100, Duration.ofMillis(100));

        assertThat(one).hasSameSizeAs(two);
        for (int i = 0; i < one.size(); i++) {
            assertThat(one.get(i)).isEqualTo(two.get(i));
        }
    }

    private static void sendFrames(NoisyLine noisy, int count, Duration interval) {
        for (int i = 1; i <= count; i++) {
            noisy.elapsed(interval.multipliedBy(i));
            noisy.write(FRAME.clone());
        }
    }

    /** One or two bits flipped; a noise burst of frame length differs in far more. */
    private static boolean isCorruptedFrame(byte[] bytes) {
        if (bytes.length != FRAME.length) {
            return false;
        }
        int bits = bitsDiffering(bytes, FRAME);
        return bits >= 1 && bits <= 2;
    }

    private static int bitsDiffering(byte[] a, byte[] b) {
        int bits = 0;
        for (int i = 0; i < a.length; i++) {
            bits += Integer.bitCount((a[i] ^ b[i]) & 0xFF);
        }
        return bits;
    }
}
