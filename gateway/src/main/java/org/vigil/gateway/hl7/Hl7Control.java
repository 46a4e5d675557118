package org.vigil.gateway.hl7;

import java.util.List;

/** What the HTTP interface may do with the HL7 interfaces. */
public interface Hl7Control {

    /** No HL7 destination configured. */
    Hl7Control NONE = new Hl7Control() {
        @Override
        public List<String> destinations() {
            return List.of();
        }

        @Override
        public int requeueParked(String destination, String user) {
            return 0;
        }
    };

    /** The names of the configured destinations. */
    List<String> destinations();

    /**
     * Puts the messages a receiver answered with AE or AR back in the queue, those of one destination
     * or, when {@code destination} is {@code null}, of all; audited with who asked. Returns how many.
     */
    int requeueParked(String destination, String user);
}
