package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseRepositoryTest {

    /** Short, so that a lease runs out within a test; the gateway's default is 3 s. */
    private static final Duration LEASE = Duration.ofMillis(300);
    private static final Duration EXPIRED = LEASE.multipliedBy(5);

    private TestDatabase testDatabase;
    private LeaseRepository leases;

    @BeforeEach
    void givenAFreshLease() {
        testDatabase = TestDatabase.postgresOnly();
        leases = new LeaseRepository(testDatabase.open());
    }

    @AfterEach
    void dropTheSchema() throws Exception {
        if (testDatabase != null) testDatabase.close();
    }

    @Test
    void theFirstGatewayTakesTheLeaseNobodyHeld() {
        Takeover takeover = leases.takeIfExpired("a", "http://a:8080", LEASE).orElseThrow();

        assertThat(takeover.epoch()).isEqualTo(1);
        assertThat(takeover.followsAnotherHolder()).isFalse();
        Lease now = leases.read();
        assertThat(now.holder()).isEqualTo("a");
        assertThat(now.holderUrl()).isEqualTo("http://a:8080");
        assertThat(now.expiresAt()).isEqualTo(now.renewedAt().plus(LEASE));
    }

    @Test
    void aLeaseInForceIsNotTakenAndItsHolderRenewsIt() {
        Takeover first = leases.takeIfExpired("a", "http://a", LEASE).orElseThrow();

        assertThat(leases.takeIfExpired("b", "http://b", LEASE)).isEmpty();
        assertThat(leases.renew("a", first.epoch(), LEASE)).isTrue();
        assertThat(leases.read().holder()).isEqualTo("a");
    }

    @Test
    void anExpiredLeaseIsTakenWithTheNextEpochAndTheOldHoldersLastRenewal() {
        Takeover first = leases.takeIfExpired("a", "http://a", LEASE).orElseThrow();
        leases.renew("a", first.epoch(), LEASE);
        Lease renewed = leases.read();

        Takeover second = await("lease of a expired").atMost(EXPIRED)
                .until(() -> leases.takeIfExpired("b", "http://b", LEASE), Optional::isPresent).orElseThrow();

        assertThat(second.epoch()).isEqualTo(first.epoch() + 1);
        assertThat(second.followsAnotherHolder()).isTrue();
        assertThat(second.previous().holder()).isEqualTo("a");
        assertThat(second.previous().renewedAt()).isEqualTo(renewed.renewedAt());
        assertThat(second.takenAt()).isAfterOrEqualTo(renewed.expiresAt());
    }

    @Test
    void theOldHolderCannotRenewOnceTheLeaseWasTaken() {
        Takeover first = leases.takeIfExpired("a", "http://a", LEASE).orElseThrow();
        await("lease of a expired").atMost(EXPIRED)
                .until(() -> leases.takeIfExpired("b", "http://b", LEASE), Optional::isPresent);

        assertThat(leases.renew("a", first.epoch(), LEASE)).isFalse();
        assertThat(leases.read().holder()).isEqualTo("b");
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() {
        Takeover first = leases.takeIfExpired("a", "http://a", Duration.ofMinutes(1)).orElseThrow();

        leases.release("a", first.epoch());

        assertThat(leases.takeIfExpired("b", "http://b", LEASE)).isPresent();
    }

    @Test
    void aReleaseByAnOldEpochChangesNothing() {
        Takeover first = leases.takeIfExpired("a", "http://a", LEASE).orElseThrow();
        await("lease of a expired").atMost(EXPIRED)
                .until(() -> leases.takeIfExpired("b", "http://b", Duration.ofMinutes(1)), Optional::isPresent);

        leases.release("a", first.epoch());

        assertThat(leases.takeIfExpired("c", "http://c", LEASE)).isEmpty();
    }
}
