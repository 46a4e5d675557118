package org.vigil.gateway.beds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.model.VitalSign;

class TrendBufferTest {

    private static final Instant START = Instant.parse("2026-12-02T09:00:00.123Z");

    @ParameterizedTest
    @CsvSource({"SPO2, 100", "PULSE_RATE, 10", "BP_SYS, 100", "TEMP, 100", "PERFUSION_INDEX, 100", "RESP_RATE, 100"})
    void eachVitalIsKeptAtTheFinestScaleItsPlausibleRangeFitsIn(VitalSign vital, double scale) {
        assertThat(TrendBuffer.scaleFor(Math.max(Math.abs(vital.plausibleMin()), vital.plausibleMax()))).isEqualTo(scale);
    }

    @Test
    void givenSamplesAtTheEdgesOfEachRange_thenTheyComeBackAsTheDevicesReportedThem() {
        assertRoundTrip(VitalSign.SPO2, 0, 100, 97, 84.5);
        assertRoundTrip(VitalSign.PULSE_RATE, 0, 350, 72, 41.5);
        assertRoundTrip(VitalSign.BP_SYS, 0, 320, 182, 99);
        assertRoundTrip(VitalSign.TEMP, 20, 45, 36.6, 38.25);
        assertRoundTrip(VitalSign.PERFUSION_INDEX, 0.02, 20, 1.37, 100);
    }

    @Test
    void givenAFullRing_thenTheOldestSamplesAreOverwrittenAndTheRestComeBackInOrderWithExactTimes() {
        TrendBuffer ring = new TrendBuffer(VitalSign.SPO2, 3);
        for (int i = 0; i < 5; i++) ring.add(START.plusMillis(1_001L * i), 90 + i);

        TrendBuffer.Samples samples = ring.since(Instant.EPOCH);

        assertThat(samples.epochMillis()).containsExactly(
                START.plusMillis(2_002).toEpochMilli(), START.plusMillis(3_003).toEpochMilli(), START.plusMillis(4_004).toEpochMilli());
        assertThat(samples.values()).containsExactly(92f, 93f, 94f);
        assertThat(ring.since(START.plusMillis(3_003)).values()).containsExactly(93f, 94f);
    }

    @Test
    void givenMoreSamplesThanTheRingStartsWith_thenItGrowsToItsCapacityKeepingEverySampleAndThenOverwritesTheOldest() {
        int capacity = TrendBuffer.INITIAL_CAPACITY * 4 + 37;
        TrendBuffer ring = new TrendBuffer(VitalSign.PULSE_RATE, capacity);
        for (int i = 0; i < capacity; i++) ring.add(START.plusSeconds(i), 40 + i % 100);

        TrendBuffer.Samples full = ring.since(Instant.EPOCH);
        assertThat(full.size()).isEqualTo(capacity);
        for (int i = 0; i < capacity; i++) {
            assertThat(full.epochMillis()[i]).isEqualTo(START.plusSeconds(i).toEpochMilli());
            assertThat(full.values()[i]).isEqualTo(40f + i % 100);
        }

        for (int i = capacity; i < capacity + 10; i++) ring.add(START.plusSeconds(i), 40 + i % 100);

        TrendBuffer.Samples wrapped = ring.since(Instant.EPOCH);
        assertThat(ring.size()).isEqualTo(capacity);
        assertThat(wrapped.epochMillis()[0]).isEqualTo(START.plusSeconds(10).toEpochMilli());
        assertThat(wrapped.epochMillis()[capacity - 1]).isEqualTo(START.plusSeconds(capacity + 9).toEpochMilli());
        assertThat(wrapped.values()[capacity - 1]).isEqualTo(40f + (capacity + 9) % 100);
    }

    @Test
    void givenASampleMoreThanTwentyFourDaysAfterTheBase_thenTheRingStartsAgainAtIt() {
        TrendBuffer ring = new TrendBuffer(VitalSign.PULSE_RATE, 10);
        ring.add(START, 70);
        ring.add(START.plus(Duration.ofDays(20)), 71);
        Instant later = START.plus(Duration.ofDays(30));

        ring.add(later, 72);

        assertThat(ring.size()).isEqualTo(1);
        assertThat(ring.since(Instant.EPOCH).epochMillis()).containsExactly(later.toEpochMilli());
        assertThat(ring.since(Instant.EPOCH).values()).containsExactly(72f);
    }

    @Test
    void givenASampleFromAnEarlierDeviceClock_thenItIsKeptWithItsOwnTime() {
        TrendBuffer ring = new TrendBuffer(VitalSign.SPO2, 4);
        ring.add(START, 97);
        ring.add(START.minusSeconds(3_600), 96);

        assertThat(ring.since(Instant.EPOCH).epochMillis())
                .containsExactly(START.toEpochMilli(), START.minusSeconds(3_600).toEpochMilli());
    }

    private static void assertRoundTrip(VitalSign vital, double... values) {
        TrendBuffer ring = new TrendBuffer(vital, values.length);
        for (int i = 0; i < values.length; i++) ring.add(START.plusSeconds(i), values[i]);
        float[] back = ring.since(START).values();
        for (int i = 0; i < values.length; i++) assertThat((double) back[i]).as(vital + " " + values[i]).isCloseTo(values[i], org.assertj.core.data.Offset.offset(1e-4));
    }
}
