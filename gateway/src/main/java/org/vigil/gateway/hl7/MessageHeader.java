package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.util.Terser;
import java.time.Instant;
import org.vigil.gateway.config.Hl7DestinationConfig;

/**
 * MSH of every message Vigil sends (HL7 v2.6 section 2.14.9, IHE PCD TF-2 Appendix B.1): sending
 * application VIGIL, the configured facility names, HL7 version 2.6, original-mode acknowledgement
 * ({@code AL} accept, {@code NE} application) and the IHE message profile in MSH-21.
 */
record MessageHeader(String sendingFacility, String receivingApplication, String receivingFacility) {

    static final String SENDING_APPLICATION = "VIGIL";

    static MessageHeader of(Hl7DestinationConfig destination) {
        return new MessageHeader(destination.sendingFacility(), destination.receivingApplication(),
                destination.receivingFacility());
    }

    void fill(Terser terser, String trigger, String structure, String controlId, Instant at, String profile)
            throws HL7Exception {
        terser.set("/MSH-1", "|");
        terser.set("/MSH-2", "^~\\&");
        terser.set("/MSH-3-1", SENDING_APPLICATION);
        terser.set("/MSH-4-1", sendingFacility);
        if (!receivingApplication.isEmpty()) terser.set("/MSH-5-1", receivingApplication);
        if (!receivingFacility.isEmpty()) terser.set("/MSH-6-1", receivingFacility);
        terser.set("/MSH-7", Hl7Time.of(at));
        terser.set("/MSH-9-1", "ORU");
        terser.set("/MSH-9-2", trigger);
        terser.set("/MSH-9-3", structure);
        terser.set("/MSH-10", controlId);
        terser.set("/MSH-11-1", "P");
        terser.set("/MSH-12-1", "2.6");
        terser.set("/MSH-15", "AL");
        terser.set("/MSH-16", "NE");
        Fields.set(terser, "/MSH-21", profile);
    }
}
