package org.vigil.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

class BleFuzzTest {

    private static final String[] TOPICS = {"b/2a5f", "b/2a5e", "b/2a35", "b/2a36", "b/plx", "b/2a19"};
    private static final String[] VALID = {
            "1F 61 00 48 00 60 00 4B 00 62 00 46 00 00 00 00 00 00 24 F0",
            "0F 5F 00 50 00 EA 07 0B 1D 09 3B 1E 40 00 20 00 00 0C F0",
            "1E 7C 00 4E 00 5D 00 EA 07 0B 1D 09 3B 1E 48 00 01 00 00",
            "00 98 00 FF 07 FF 07"};

    private long readings;
    private long invalid;
    private final java.util.List<String> implausible = new java.util.ArrayList<>();

    @Test
    void randomAndBitFlippedValuesNeverThrowNorYieldAnImplausibleReading() {
        DecoderSink checking = new DecoderSink() {
            @Override
            public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
                readings++;
                boolean plausible = Double.isNaN(value) ? !quality.isUsable() : vital.isPlausible(value);
                boolean clockPlausible = deviceTime == null
                        || Math.abs(deviceTime.getEpochSecond() - BlePlxTest.NOW.getEpochSecond()) <= 86_400;
                if (!plausible || !clockPlausible) implausible.add(vital + " " + value + " " + quality + " " + deviceTime);
            }

            @Override
            public void condition(DeviceEvent.Kind kind, boolean active, String detail) {
            }

            @Override
            public void invalidFrame(InvalidFrame frame) {
                invalid++;
            }
        };
        ProtocolSession plx = BleGattProtocol.plx().open(bytes -> { }, checking);
        ProtocolSession bp = BleGattProtocol.bloodPressure().open(bytes -> { }, checking);
        byte[][] valid = java.util.Arrays.stream(VALID).map(Hex::bytes).toArray(byte[][]::new);
        SplittableRandom random = new SplittableRandom(0x2A5F);
        int messages = 0;
        while (messages < 500_000) {
            byte[] payload;
            if (random.nextBoolean()) {
                payload = new byte[random.nextInt(0, 24)];
                random.nextBytes(payload);
            } else {
                payload = valid[random.nextInt(valid.length)].clone();
                for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
                    payload[random.nextInt(payload.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            String topic = TOPICS[random.nextInt(TOPICS.length)];
            (random.nextBoolean() ? plx : bp).message(topic, ByteBuffer.wrap(payload), BlePlxTest.NOW);
            messages++;
        }
        assertThat(implausible).isEmpty();
        assertThat(readings).isPositive();
        assertThat(invalid).isPositive();
    }
}
