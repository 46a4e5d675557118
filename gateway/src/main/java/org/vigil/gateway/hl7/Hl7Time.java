package org.vigil.gateway.hl7;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * HL7 v2.6 DTM (section 2.A.22) with milliseconds and the UTC offset, as IHE consistent time asks:
 * {@code 20260302100000.000+0000}.
 */
final class Hl7Time {

    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSxx").withZone(ZoneOffset.UTC);

    private Hl7Time() {
    }

    static String of(Instant instant) {
        return DTM.format(instant);
    }
}
