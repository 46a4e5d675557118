package org.vigil.gateway.ha;

/**
 * Asked by every output at the moment of output (alarm publication, dashboard events, exports,
 * HL7 messages, device commands): a gateway that may have lost its lease sends nothing, even
 * before the thread that renews the lease has noticed.
 */
@FunctionalInterface
public interface Fence {

    /** A single gateway without a lease: always active. */
    Fence SINGLE_NODE = () -> true;

    boolean allowsOutput();
}
