package org.vigil.gateway.ha;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.storage.Lease;
import org.vigil.gateway.storage.LeaseRepository;
import org.vigil.gateway.storage.StorageException;
import org.vigil.gateway.storage.Takeover;

/**
 * This gateway's side of the lease row: as standby it tries every {@code poll} to take the lease
 * once it has expired; as active it renews it every {@code renew}. The lease counts as lost when
 * the last successful renewal <em>started</em> more than {@code lease} ago on this process's
 * monotonic clock ({@link System#nanoTime()} keeps counting while the process is stopped, and the
 * database computed that renewal's expiry from a later moment), or when a renewal finds another
 * holder or epoch. A loss is final: the gateway never becomes active again in the same process.
 */
public final class GatewayLease implements LeaseStatus, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayLease.class);
    /** How often the fence is looked at apart from the renewals, so that a renewal stuck on the database is noticed. */
    static final Duration WATCH = Duration.ofMillis(100);

    /** What the pair's runner does when the lease changes hands; called on the lease's own threads. */
    public interface Listener {
        void acquired(Takeover takeover);

        void lost(String reason);
    }

    /** Timings of the lease. */
    public record Timing(Duration lease, Duration renew, Duration poll) {
    }

    private final LeaseRepository leases;
    private final String holder;
    private final String holderUrl;
    private final Timing timing;
    private final long leaseNanos;
    private final Listener listener;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            runnable -> thread(runnable, "vigil-lease"));
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(
            runnable -> thread(runnable, "vigil-lease-watch"));
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicLong renewalsSoFar = new AtomicLong();
    private volatile Role role = Role.STANDBY;
    private volatile long epoch;
    private volatile long lastRenewalStartedNanos;
    private volatile Lease lastSeen;
    private volatile boolean databaseFailing;
    private volatile ScheduledExecutorService renewing;

    public GatewayLease(LeaseRepository leases, String holder, String holderUrl, Timing timing, Listener listener) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.holderUrl = holderUrl;
        this.timing = timing;
        this.leaseNanos = timing.lease().toNanos();
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Starts waiting for the lease. */
    public void start() {
        renewals.scheduleWithFixedDelay(this::standbyTurn, 0, timing.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean allowsOutput() {
        return role == Role.ACTIVE && !lost.get() && System.nanoTime() - lastRenewalStartedNanos < leaseNanos;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public String leaseHolder() {
        if (role == Role.ACTIVE) return holder;
        Lease seen = lastSeen;
        return seen == null ? null : seen.holder();
    }

    @Override
    public String leaseHolderUrl() {
        if (role == Role.ACTIVE) return holderUrl;
        Lease seen = lastSeen;
        return seen == null ? null : seen.holderUrl();
    }

    public String holder() {
        return holder;
    }

    /** The lease row as last read or written by this gateway; {@code null} before the first look. */
    public Lease lastSeen() {
        return lastSeen;
    }

    @Override
    public OptionalLong epoch() {
        return role == Role.ACTIVE ? OptionalLong.of(epoch) : OptionalLong.empty();
    }

    @Override
    public long renewals() {
        return renewalsSoFar.get();
    }

    private void standbyTurn() {
        if (role != Role.STANDBY || lost.get()) return;
        long started = System.nanoTime();
        try {
            var taken = leases.takeIfExpired(holder, holderUrl, timing.lease());
            databaseRecovered();
            if (taken.isEmpty()) {
                lastSeen = leases.read();
                return;
            }
            Takeover takeover = taken.get();
            epoch = takeover.epoch();
            lastRenewalStartedNanos = started;
            lastSeen = new Lease(holder, holderUrl, takeover.epoch(), takeover.takenAt(), takeover.takenAt(), null);
            role = Role.ACTIVE;
            if (takeover.followsAnotherHolder()) {
                LOG.info("Lease taken (epoch {}), previously held by {} until its last renewal at {}", takeover.epoch(),
                        takeover.previous().holder(), takeover.previous().renewedAt());
            } else {
                LOG.info("Lease taken (epoch {}), held by no gateway before", takeover.epoch());
            }
            renewals.shutdown();
            ScheduledExecutorService renewing = Executors.newSingleThreadScheduledExecutor(
                    runnable -> thread(runnable, "vigil-lease-renewal"));
            renewing.scheduleWithFixedDelay(this::renew, timing.renew().toMillis(), timing.renew().toMillis(),
                    TimeUnit.MILLISECONDS);
            this.renewing = renewing;
            watch.scheduleWithFixedDelay(this::checkFence, WATCH.toMillis(), WATCH.toMillis(), TimeUnit.MILLISECONDS);
            listener.acquired(takeover);
        } catch (StorageException e) {
            databaseFailed(e);
        } catch (RuntimeException e) {
            LOG.error("Standby could not look at the lease", e);
        }
    }

    private void renew() {
        if (lost.get()) return;
        long started = System.nanoTime();
        if (started - lastRenewalStartedNanos >= leaseNanos) {
            lose("the lease was not renewed for " + TimeUnit.NANOSECONDS.toMillis(started - lastRenewalStartedNanos) + " ms");
            return;
        }
        try {
            if (leases.renew(holder, epoch, timing.lease())) {
                lastRenewalStartedNanos = started;
                renewalsSoFar.incrementAndGet();
                databaseRecovered();
            } else {
                lose("another gateway holds the lease now");
            }
        } catch (StorageException e) {
            databaseFailed(e);
        } catch (RuntimeException e) {
            LOG.error("Lease renewal failed", e);
        }
    }

    private void checkFence() {
        if (role == Role.ACTIVE && !lost.get() && !allowsOutput()) {
            lose("the lease was not renewed for " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRenewalStartedNanos)
                    + " ms (lease " + timing.lease().toMillis() + " ms)");
        }
    }

    private void lose(String reason) {
        if (!lost.compareAndSet(false, true)) return;
        LOG.error("Lease lost: {}; this gateway sends nothing more", reason);
        listener.lost(reason);
    }

    /** Ends the lease at once, on a clean stop; a standby then takes over at its next look. */
    public void release() {
        if (role != Role.ACTIVE || lost.get()) return;
        lost.set(true);
        try {
            leases.release(holder, epoch);
            LOG.info("Lease released");
        } catch (RuntimeException e) {
            LOG.warn("Lease not released, the standby takes over once it expires: {}", e.getMessage());
        }
    }

    private void databaseFailed(StorageException e) {
        if (!databaseFailing) LOG.warn("Lease: the database does not answer: {}", e.getMessage());
        databaseFailing = true;
    }

    private void databaseRecovered() {
        if (databaseFailing) LOG.info("Lease: the database answers again");
        databaseFailing = false;
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        watch.shutdownNow();
        ScheduledExecutorService current = renewing;
        if (current != null) current.shutdownNow();
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
