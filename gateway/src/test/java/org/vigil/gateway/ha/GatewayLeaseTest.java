package org.vigil.gateway.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.storage.LeaseRepository;
import org.vigil.gateway.storage.Takeover;
import org.vigil.gateway.storage.TestDatabase;

class GatewayLeaseTest {

    private static final GatewayLease.Timing TIMING = new GatewayLease.Timing(Duration.ofMillis(600),
            Duration.ofMillis(200), Duration.ofMillis(100));
    /** The lease runs out and the standby's next look takes it: the design's bound, lease plus one poll, with slack. */
    private static final Duration TAKEOVER = TIMING.lease().plus(TIMING.poll()).multipliedBy(3);

    private TestDatabase testDatabase;
    private LeaseRepository leases;
    private final List<GatewayLease> running = new CopyOnWriteArrayList<>();

    @BeforeEach
    void givenAFreshLease() {
        testDatabase = TestDatabase.postgresOnly();
        leases = new LeaseRepository(testDatabase.open());
    }

    @AfterEach
    void stop() throws Exception {
        running.forEach(GatewayLease::close);
        if (testDatabase != null) testDatabase.close();
    }

    @Test
    void oneOfTwoGatewaysBecomesActiveAndTheOtherStaysStandby() {
        Events a = new Events();
        Events b = new Events();
        GatewayLease first = start("a", a);
        await("a active").atMost(TAKEOVER).until(() -> first.role() == Role.ACTIVE);
        GatewayLease second = start("b", b);
        await("b has seen the lease").atMost(TAKEOVER).until(() -> second.lastSeen() != null);

        await("a renewed the lease").atMost(TAKEOVER).until(() -> first.renewals() >= 3);
        assertThat(first.allowsOutput()).isTrue();
        assertThat(second.role()).isEqualTo(Role.STANDBY);
        assertThat(second.allowsOutput()).isFalse();
        assertThat(second.leaseHolder()).isEqualTo("a");
        assertThat(second.leaseHolderUrl()).isEqualTo("http://a");
        assertThat(a.acquired).hasSize(1);
        assertThat(b.acquired).isEmpty();
    }

    @Test
    void whenTheActiveStopsRenewingItForbidsOutputAndTheStandbyTakesOverWithTheOldLastRenewal() {
        Events a = new Events();
        Events b = new Events();
        GatewayLease first = start("a", a);
        await("a active").atMost(TAKEOVER).until(() -> first.role() == Role.ACTIVE);
        GatewayLease second = start("b", b);

        first.close(); // as if the process were stopped: no renewal, no release
        await("a's own clock says its lease ran out").atMost(TAKEOVER).until(() -> !first.allowsOutput());
        await("b active").atMost(TAKEOVER).until(() -> second.role() == Role.ACTIVE);

        Takeover takeover = b.acquired.get(0);
        assertThat(takeover.followsAnotherHolder()).isTrue();
        assertThat(takeover.previous().holder()).isEqualTo("a");
        assertThat(takeover.epoch()).isEqualTo(first.epoch().getAsLong() + 1);
        assertThat(second.allowsOutput()).isTrue();
    }

    @Test
    void anActiveWhoseLeaseWasTakenLosesItAtItsNextRenewal() {
        Events a = new Events();
        GatewayLease first = start("a", a);
        await("a active").atMost(TAKEOVER).until(() -> first.role() == Role.ACTIVE);

        leases.release("a", first.epoch().getAsLong());
        leases.takeIfExpired("intruder", "http://intruder", Duration.ofMinutes(1)).orElseThrow();

        await("a lost the lease").atMost(TAKEOVER).until(() -> !a.lost.isEmpty());
        assertThat(a.lost.get(0)).contains("another gateway");
        assertThat(first.allowsOutput()).isFalse();
    }

    @Test
    void aReleasedLeaseIsTakenByTheStandbyAtItsNextLook() {
        Events a = new Events();
        Events b = new Events();
        GatewayLease first = start("a", a);
        await("a active").atMost(TAKEOVER).until(() -> first.role() == Role.ACTIVE);
        GatewayLease second = start("b", b);

        first.release();

        await("b active").atMost(TIMING.poll().multipliedBy(10)).until(() -> second.role() == Role.ACTIVE);
        assertThat(first.allowsOutput()).isFalse();
        assertThat(a.lost).isEmpty();
    }

    private GatewayLease start(String holder, Events events) {
        GatewayLease lease = new GatewayLease(leases, holder, "http://" + holder, TIMING, events);
        running.add(lease);
        lease.start();
        return lease;
    }

    private static final class Events implements GatewayLease.Listener {
        final List<Takeover> acquired = new CopyOnWriteArrayList<>();
        final List<String> lost = new CopyOnWriteArrayList<>();

        @Override
        public void acquired(Takeover takeover) {
            acquired.add(takeover);
        }

        @Override
        public void lost(String reason) {
            lost.add(reason);
        }
    }
}
