package org.vigil.simulators.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.simulators.RecordingTransport;

class CablePullTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final List<byte[]> passed = new ArrayList<>();
    private final CablePull pull = new CablePull(passed::add, transport, Duration.ofSeconds(20), Duration.ofSeconds(30));

    @Test
    void givenThePullTimeHasNotCome_thenBytesPassAndTheCableStaysIn() {
        pull.elapsed(Duration.ofSeconds(19));
        pull.write(new byte[] {1});

        assertThat(passed).hasSize(1);
        assertThat(transport.cableChanges).isEmpty();
    }

    @Test
    void givenThePullPeriod_thenTheCableIsPulledOnceAndNoBytesPass() {
        pull.elapsed(Duration.ofSeconds(20));
        pull.write(new byte[] {1});
        pull.elapsed(Duration.ofSeconds(49));
        pull.write(new byte[] {2});

        assertThat(passed).isEmpty();
        assertThat(transport.cableChanges).containsExactly(false);
        assertThat(pull.isPulled()).isTrue();
    }

    @Test
    void givenThePeriodIsOver_thenTheCableIsPluggedBackInAndBytesFlowAgain() {
        pull.elapsed(Duration.ofSeconds(25));
        pull.elapsed(Duration.ofSeconds(50));
        pull.write(new byte[] {3});

        assertThat(transport.cableChanges).containsExactly(false, true);
        assertThat(passed).hasSize(1);
    }

    @Test
    void givenAZeroPeriod_thenTheFaultIsRejected() {
        assertThatThrownBy(() -> new CablePull(passed::add, transport, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
