package org.vigil.gateway.hl7;

import java.time.LocalDate;

/**
 * The patient of a bed as PID shows them (HL7 v2.6 section 3.4.2). An unidentified patient (a bed
 * occupied before anyone was admitted) is sent with the occupancy id under Vigil's own assigning
 * authority, identifier type {@code U} (unspecified, HL7 table 0203) and name type {@code U}
 * (HL7 table 0200), so a receiver can tell it from an admitted patient.
 *
 * @param identifier          PID-3.1: the MRN, or the occupancy id of an unidentified patient
 * @param assigningAuthority  PID-3.4 as an HD: {@code namespace&universal id&type}
 * @param identifierType      PID-3.5: {@code MR} or {@code U}
 * @param family              PID-5.1, {@code null} for an unidentified patient
 * @param given               PID-5.2, may be {@code null}
 * @param birthDate           PID-7, may be {@code null}
 */
public record Hl7Patient(String identifier, String assigningAuthority, String identifierType, String family,
                         String given, LocalDate birthDate) {

    /** Vigil's assigning authority for occupancy ids. */
    static final String VIGIL_AUTHORITY = "VIGIL&urn:vigil:occupancy&URI";

    public static Hl7Patient unidentified(String occupancyId) {
        return new Hl7Patient(occupancyId, VIGIL_AUTHORITY, "U", null, null, null);
    }

    /** An admitted patient; the identifier system becomes the assigning authority (an OID as ISO, else a URI). */
    public static Hl7Patient admitted(String mrn, String system, String family, String given, LocalDate birthDate) {
        String authority = system.startsWith("urn:oid:") ? "&" + system.substring("urn:oid:".length()) + "&ISO"
                : "&" + system + "&URI";
        return new Hl7Patient(mrn, authority, "MR", family, given, birthDate);
    }

    public boolean isIdentified() {
        return family != null;
    }
}
