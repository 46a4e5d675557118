package org.vigil.gateway.storage;

import java.time.Instant;

/**
 * One HL7 v2 message for one destination, waiting for or done with delivery.
 *
 * @param messageType MSH-9 trigger, e.g. {@code ORU^R01}
 * @param controlId   MSH-10, kept on every resend so that a receiver can recognise a repeat
 * @param message     the message in ER7 (pipe) encoding, segments separated by carriage returns
 * @param lastError   the last transport failure, or the receiver's error text of a parked message
 */
public record Hl7OutboxEntry(long seq, String destination, String bedId, String messageType, String controlId,
                             String message, State state, int attempts, String lastError, Instant createdAt,
                             Instant sentAt) {

    public enum State {
        PENDING,
        /** Acknowledged with AA. */
        SENT,
        /** Answered AE or AR: kept with the receiver's error text, not sent again until requeued. */
        PARKED
    }
}
