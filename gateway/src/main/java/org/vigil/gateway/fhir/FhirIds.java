package org.vigil.gateway.fhir;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.vigil.model.VitalSign;

/**
 * Gateway-assigned ids and identifiers. They are deterministic, so that making the same resource
 * twice (after a restart, or when re-sending) yields the same id and never a duplicate.
 */
public final class FhirIds {

    /** FHIR R4 id: [A-Za-z0-9\-\.]{1,64}. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private FhirIds() {
    }

    public static boolean isValidId(String id) {
        return id != null && FHIR_ID.matcher(id).matches();
    }

    /** The Device resource id of a configured device id: the id itself where FHIR allows it. */
    public static String deviceResourceId(String deviceId) {
        String candidate = "dev-" + deviceId;
        return isValidId(candidate) ? candidate : "dev-" + nameUuid("device/" + deviceId);
    }

    /** Identifier value of the Observation of one vital from one device at one time. */
    public static String observationIdentifier(String deviceId, VitalSign vital, Instant time) {
        return deviceId + "/" + vital.name() + "/" + time;
    }

    /** Identifier value of the blood-pressure panel of one NIBP measurement. */
    public static String bloodPressureIdentifier(String deviceId, Instant time) {
        return deviceId + "/BP/" + time;
    }

    /** The Observation resource id that goes with an identifier value. */
    public static String observationResourceId(String identifierValue) {
        return nameUuid("observation/" + identifierValue);
    }

    /** A fresh occupancy id, which is also the id of its Patient resource. */
    public static String newOccupancyId() {
        return "occ-" + UUID.randomUUID();
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
