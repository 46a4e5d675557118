package org.vigil.simulators.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigil.simulators.RecordingTransport;

class LineFaultCompositionTest {

    @Test
    void givenNoiseAroundAPulledCable_thenNothingReachesTheTransportWhilePulledAndBothFaultsActAfter() {
        RecordingTransport transport = new RecordingTransport();
        LineFault.Factory noisyThenPulled = NoisyLine.factory(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .around(CablePull.factory(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        LineFault line = noisyThenPulled.wrap(transport, transport, new Random(1));
        List<Integer> writesPerSecond = new ArrayList<>();

        for (int second = 1; second <= 15; second++) {
            int before = transport.writes.size();
            line.elapsed(Duration.ofSeconds(second));
            line.write(new byte[] {0x55, 0x66});
            writesPerSecond.add(transport.writes.size() - before);
        }

        assertThat(writesPerSecond.subList(4, 9)).containsOnly(0);
        assertThat(writesPerSecond.subList(0, 4)).contains(2);
        assertThat(writesPerSecond.subList(10, 15)).contains(2);
        assertThat(transport.cableChanges).containsExactly(false, true);
    }

    @Test
    void givenComposedFaults_whenCleared_thenThePulledCableIsPluggedBackIn() {
        RecordingTransport transport = new RecordingTransport();
        LineFault line = NoisyLine.factory(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .around(CablePull.factory(Duration.ZERO, Duration.ofMinutes(1)))
                .wrap(transport, transport, new Random(1));
        line.elapsed(Duration.ofSeconds(1));

        line.clear();

        assertThat(transport.isCableConnected()).isTrue();
    }
}
