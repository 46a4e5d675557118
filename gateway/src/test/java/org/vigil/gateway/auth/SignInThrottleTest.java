package org.vigil.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private static final String GUESSER = "192.0.2.66";
    private static final String STATION = "192.0.2.10";

    private final SessionStoreTest.MovableClock clock = new SessionStoreTest.MovableClock();
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void afterTheFreeFailuresEachWrongPasswordDoublesTheNamesDelayUpToItsCap() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_NAME; i++) throttle.failed("Nurse", GUESSER);
        assertThat(throttle.waitFor("nurse", STATION)).isZero();

        throttle.failed("nurse", GUESSER);
        assertThat(throttle.waitFor("NURSE", STATION)).isEqualTo(Duration.ofSeconds(1));
        throttle.failed("nurse", GUESSER);
        assertThat(throttle.waitFor("nurse", STATION)).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 20; i++) throttle.failed("nurse", GUESSER);
        assertThat(throttle.waitFor("nurse", STATION)).isEqualTo(SignInThrottle.NAME_MAX_DELAY);

        clock.advance(SignInThrottle.NAME_MAX_DELAY);
        assertThat(throttle.waitFor("nurse", STATION)).isZero();
    }

    @Test
    void theGuessersAddressWaitsFarLongerThanTheName() {
        for (int i = 0; i < 30; i++) throttle.failed("name-" + i, GUESSER);

        assertThat(throttle.waitFor("anyone", GUESSER)).isEqualTo(SignInThrottle.ADDRESS_MAX_DELAY);
        assertThat(throttle.waitFor("anyone", STATION)).isZero();
    }

    @Test
    void aRightPasswordForgetsTheNamesMistakesAndTimeForgetsTheRest() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_NAME + 2; i++) throttle.failed("nurse", STATION);
        throttle.succeeded("nurse");
        assertThat(throttle.waitFor("nurse", STATION)).isZero();

        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS + 2; i++) throttle.failed("x" + i, GUESSER);
        clock.advance(SignInThrottle.FORGET_AFTER.plusSeconds(1));
        throttle.failed("y", GUESSER);
        assertThat(throttle.waitFor("y", GUESSER)).isZero();
    }
}
