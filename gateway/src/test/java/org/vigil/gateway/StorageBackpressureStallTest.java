package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The intake waits for storage only while storage moves: monitoring never stops for a database that hangs. */
class StorageBackpressureStallTest {

    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicLong progress = new AtomicLong();
    private final StorageBackpressure gate = new StorageBackpressure(backlog::get, progress::get, 100, 50, Duration.ofMillis(20));

    @Test
    void givenABacklogUnderTheHighMark_thenTheIntakeDoesNotWait() {
        backlog.set(99);

        gate.awaitRoom();

        assertThat(gate.waits()).isZero();
    }

    @Test
    void givenStorageThatFinishesNothing_thenTheIntakeGoesOnAfterTheHoldAndIsNotHeldAgainUntilStorageMoves() {
        backlog.set(500);

        gate.awaitRoom();
        gate.awaitRoom();

        assertThat(gate.waits()).isEqualTo(1);
        assertThat(gate.stalls()).isEqualTo(1);

        progress.incrementAndGet();
        gate.awaitRoom();
        assertThat(gate.waits()).isEqualTo(2);
        assertThat(gate.stalls()).isEqualTo(2);
    }

    @Test
    void givenStorageThatCatchesUp_thenTheIntakeWaitsUntilTheBacklogIsUnderTheLowMark() {
        backlog.set(100);
        StorageBackpressure catchingUp = new StorageBackpressure(backlog::get, this::storeOne, 100, 50, Duration.ofSeconds(60));

        catchingUp.awaitRoom();

        assertThat(backlog.get()).isEqualTo(49);
        assertThat(catchingUp.waits()).isEqualTo(1);
        assertThat(catchingUp.stalls()).isZero();
    }

    /** Storage that writes one reading each time the gate looks at it. */
    private long storeOne() {
        backlog.decrementAndGet();
        return progress.incrementAndGet();
    }

    @Test
    void givenALowMarkAboveTheHighMark_thenTheGateIsRefused() {
        assertThatThrownBy(() -> new StorageBackpressure(backlog::get, progress::get, 10, 20, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("low <= high");
    }
}
