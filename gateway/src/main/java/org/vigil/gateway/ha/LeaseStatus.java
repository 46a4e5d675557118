package org.vigil.gateway.ha;

import java.util.OptionalLong;

/** What {@code /health} and the metrics tell about the lease. */
public interface LeaseStatus extends Fence {

    /** A gateway without {@code ha:}: always active, no lease. */
    LeaseStatus SINGLE_NODE = new LeaseStatus() {
        @Override
        public boolean allowsOutput() {
            return true;
        }

        @Override
        public Role role() {
            return Role.ACTIVE;
        }

        @Override
        public String leaseHolder() {
            return null;
        }

        @Override
        public String leaseHolderUrl() {
            return null;
        }

        @Override
        public long renewals() {
            return 0;
        }

        @Override
        public OptionalLong epoch() {
            return OptionalLong.empty();
        }
    };

    Role role();

    /** The gateway that holds the lease as far as this one knows, {@code null} without a lease. */
    String leaseHolder();

    /** Where the holder serves the dashboard, {@code null} when unknown. */
    String leaseHolderUrl();

    /** Successful renewals by this gateway so far. */
    long renewals();

    /** The lease epoch this gateway holds, the fencing token of its outbox writes; empty without a lease. */
    OptionalLong epoch();
}
