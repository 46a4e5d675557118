package org.vigil.drivers.suntech;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.VitalSign;

class SunTechDecoderTest {

    private static final String COMPLETE = "3E 04 4B 73";
    private static final String RESULT_124_78 = "3E 18 7C 00 4E 00 00 00 00 00 00 00 00 00 00 00 48 00 5D 00 00 00 00 3B";

    private final SunTechDecoder decoder = new SunTechDecoder();
    private final Recorder recorder = new Recorder();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvFileSource(resources = "/suntech/replies.csv", delimiter = '|', numLinesToSkip = 1)
    void decodesEveryDocumentedReply(String frame, String reply) {
        ByteBuffer in = ByteBuffer.wrap(Hex.bytes(frame));

        decoder.decode(in, recorder);

        assertThat(recorder.replies).extracting(Object::toString).containsExactly(reply);
        assertThat(recorder.invalid).isEmpty();
        assertThat(in.hasRemaining()).isFalse();
    }

    @ParameterizedTest(name = "{0} is {1} ({3})")
    @CsvFileSource(resources = "/suntech/invalid-frames.csv", delimiter = '|', numLinesToSkip = 1)
    void reportsTheExactCauseOfAnInvalidFrame(String bytes, InvalidFrame.Cause cause, int discarded, String detail) {
        decoder.decode(ByteBuffer.wrap(Hex.bytes(bytes)), recorder);

        assertThat(recorder.invalid).containsExactly(new InvalidFrame(cause, discarded, detail));
        assertThat(recorder.replies).isEmpty();
    }

    @ParameterizedTest(name = "error code {1} decodes")
    @CsvFileSource(resources = "/suntech/error-codes.csv", delimiter = '|', numLinesToSkip = 1)
    void aFailedMeasurementCarriesItsErrorCodeWhateverItsPressures(String frame, int code, String meaning) {
        decoder.decode(ByteBuffer.wrap(Hex.bytes(frame)), recorder);

        assertThat(recorder.replies).containsExactly(new SunTechReply.Result(0, 0, 0, 0, code));
        assertThat(SunTechErrorCode.meaning(code)).isEqualTo(meaning);
    }

    @Test
    void aFrameSplitAtAnyPointWaitsForItsRestAndThenDecodes() {
        byte[] frame = Hex.bytes(RESULT_124_78);
        for (int split = 1; split < frame.length; split++) {
            Recorder recorder = new Recorder();
            ByteBuffer in = ByteBuffer.allocate(64);
            in.put(frame, 0, split).flip();

            decoder.decode(in, recorder);
            assertThat(recorder.replies).as("after %d bytes", split).isEmpty();
            assertThat(in.remaining()).as("bytes kept after %d", split).isEqualTo(split);

            in.compact().put(frame, split, frame.length - split).flip();
            decoder.decode(in, recorder);
            assertThat(recorder.replies).as("split at %d", split)
                    .containsExactly(new SunTechReply.Result(124, 78, 93, 72, 0));
            assertThat(recorder.invalid).isEmpty();
        }
    }

    @Test
    void garbageBetweenFramesIsDiscardedAsOneInvalidFrame() {
        decoder.decode(ByteBuffer.wrap(Hex.bytes(COMPLETE + " 00 FF 3A 12 " + RESULT_124_78)), recorder);

        assertThat(recorder.replies).containsExactly(
                new SunTechReply.Status('K'), new SunTechReply.Result(124, 78, 93, 72, 0));
        assertThat(recorder.invalid).containsExactly(
                new InvalidFrame(InvalidFrame.Cause.UNEXPECTED_BYTES, 4, "bytes outside a frame"));
    }

    @Test
    void aBadChecksumResynchronisesOnTheNextStartByte() {
        decoder.decode(ByteBuffer.wrap(Hex.bytes("3E 04 4F 6E " + COMPLETE)), recorder);

        assertThat(recorder.invalid).containsExactly(
                new InvalidFrame(InvalidFrame.Cause.BAD_CHECKSUM, 4, "bytes sum to 0xFF, not 0x00"));
        assertThat(recorder.replies).containsExactly(new SunTechReply.Status('K'));
    }

    @Test
    void aFalseStartByteInsideGarbageDoesNotSwallowTheNextFrameForever() {
        ByteBuffer in = ByteBuffer.allocate(64);
        in.put(Hex.bytes("3E 18 01 02")).flip();
        decoder.decode(in, recorder);
        assertThat(recorder.replies).isEmpty();

        for (int i = 0; i < 6; i++) {
            in.compact().put(Hex.bytes(COMPLETE)).flip();
            decoder.decode(in, recorder);
        }

        assertThat(recorder.invalid).extracting(InvalidFrame::cause).containsExactly(InvalidFrame.Cause.BAD_CHECKSUM);
        assertThat(recorder.replies).hasSizeGreaterThanOrEqualTo(1).allMatch(r -> r.equals(new SunTechReply.Status('K')));
    }

    @Test
    void everySingleBitFlipOfAResultFrameIsRejectedWithItsExactCause() {
        byte[] frame = Hex.bytes(RESULT_124_78);
        for (int bit = 0; bit < frame.length * 8; bit++) {
            byte[] flipped = frame.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            Recorder recorder = new Recorder();

            decoder.decode(ByteBuffer.wrap(flipped), recorder);

            InvalidFrame.Cause expected = switch (bit / 8) {
                case 0 -> InvalidFrame.Cause.UNEXPECTED_BYTES;
                case 1 -> (flipped[1] & 0xFF) > 0x18 ? InvalidFrame.Cause.TOO_LONG : InvalidFrame.Cause.BAD_LAYOUT;
                default -> InvalidFrame.Cause.BAD_CHECKSUM;
            };
            assertThat(recorder.replies).as("bit %d", bit).isEmpty();
            assertThat(recorder.invalid).as("bit %d", bit).isNotEmpty();
            assertThat(recorder.invalid.get(0).cause()).as("bit %d", bit).isEqualTo(expected);
        }
    }

    @Test
    void randomAndBitFlippedBytesNeverThrowNorYieldAnImplausibleValue() {
        SplittableRandom random = new SplittableRandom(20261129);
        byte[][] valid = {Hex.bytes(COMPLETE), Hex.bytes(RESULT_124_78), Hex.bytes("3E 05 98 00 25")};
        ByteBuffer in = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + 3_000_000_000L;
        long fed = 0;
        while (fed < 3_000_000 && System.nanoTime() < deadline) {
            byte[] chunk;
            if (random.nextBoolean()) {
                chunk = new byte[random.nextInt(1, 40)];
                random.nextBytes(chunk);
                if (random.nextInt(4) == 0) chunk[0] = 0x3E;
            } else {
                chunk = valid[random.nextInt(valid.length)].clone();
                for (int flips = random.nextInt(4); flips > 0; flips--) {
                    chunk[random.nextInt(chunk.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            in.put(chunk).flip();
            decoder.decode(in, recorder);
            in.compact();
            fed += chunk.length;
            assertThat(in.position()).isLessThan(SunTechDecoder.MAX_LENGTH);
        }
        assertThat(fed).isGreaterThan(100_000);
        for (SunTechReply reply : recorder.replies) {
            if (reply instanceof SunTechReply.Result result && result.succeeded()) {
                assertThat(VitalSign.BP_SYS.isPlausible(result.systolic())).isTrue();
                assertThat(VitalSign.BP_DIA.isPlausible(result.diastolic())).isTrue();
                assertThat(VitalSign.BP_MEAN.isPlausible(result.mean())).isTrue();
                assertThat(VitalSign.PULSE_RATE.isPlausible(result.heartRate())).isTrue();
                assertThat(result.diastolic()).isLessThan(result.systolic());
            } else if (reply instanceof SunTechReply.CuffPressure pressure) {
                assertThat(pressure.mmHg()).isBetween(SunTechDecoder.MIN_CUFF_PRESSURE, SunTechDecoder.MAX_CUFF_PRESSURE);
            } else if (reply instanceof SunTechReply.Status status) {
                assertThat("OKBA").contains(String.valueOf(status.code()));
            }
        }
    }

    private static final class Recorder implements SunTechDecoder.Listener {
        final List<SunTechReply> replies = new ArrayList<>();
        final List<InvalidFrame> invalid = new ArrayList<>();

        @Override
        public void reply(SunTechReply reply) {
            replies.add(reply);
        }

        @Override
        public void invalidFrame(InvalidFrame frame) {
            invalid.add(frame);
        }
    }
}
