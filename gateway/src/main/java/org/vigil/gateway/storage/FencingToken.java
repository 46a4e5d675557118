package org.vigil.gateway.storage;

import java.util.OptionalLong;

/**
 * The lease epoch of the active gateway of a pair, which its outbox writes carry: a write lands
 * only while the lease row still has that epoch, so that an old active that lost the lease cannot
 * mark as sent what the new one must send (Kleppmann, "How to do distributed locking", fencing tokens).
 */
@FunctionalInterface
public interface FencingToken {

    /** A single gateway: its writes need no token. */
    FencingToken NONE = OptionalLong::empty;

    OptionalLong epoch();
}
