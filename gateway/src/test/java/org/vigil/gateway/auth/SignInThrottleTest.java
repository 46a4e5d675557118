package org.vigil.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final SessionStoreTest.MovableClock clock = new SessionStoreTest.MovableClock();
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void fiveWrongPasswordsInARowLockTheNameForThirtySeconds() {
        for (int i = 0; i < SignInThrottle.FAILURES_BEFORE_LOCK - 1; i++) throttle.failed("Nurse");
        assertThat(throttle.lockedFor("nurse")).isZero();
        throttle.failed("nurse");
        assertThat(throttle.lockedFor("NURSE")).isEqualTo(SignInThrottle.LOCK);
        clock.advance(SignInThrottle.LOCK.plusMillis(1));
        assertThat(throttle.lockedFor("nurse")).isZero();
    }

    @Test
    void aRightPasswordForgetsEarlierMistakes() {
        for (int i = 0; i < SignInThrottle.FAILURES_BEFORE_LOCK - 1; i++) throttle.failed("nurse");
        throttle.succeeded("nurse");
        throttle.failed("nurse");
        assertThat(throttle.lockedFor("nurse")).isEqualTo(Duration.ZERO);
    }
}
