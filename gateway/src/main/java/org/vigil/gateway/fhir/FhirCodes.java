package org.vigil.gateway.fhir;

/** Code systems, identifier systems and profiles used on every resource Vigil makes. */
public final class FhirCodes {

    public static final String LOINC = "http://loinc.org";
    /** IEEE 11073-10101 nomenclature. */
    public static final String MDC = "urn:iso:std:iso:11073:10101";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    public static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    public static final String DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    public static final String OBSERVATION_IDENTIFIER = "urn:vigil:observation";
    public static final String DEVICE_IDENTIFIER = "urn:vigil:device";
    public static final String OCCUPANCY_IDENTIFIER = "urn:vigil:occupancy";
    /** A monitored session: its Encounter, and the resources of its report. */
    public static final String SESSION_IDENTIFIER = "urn:vigil:session";

    /** LOINC 59408-5: oxygen saturation by pulse oximetry, carried next to 2708-6. */
    public static final String LOINC_SPO2_PULSE_OXIMETRY = "59408-5";
    /** LOINC 85354-9: blood pressure panel with all children optional. */
    public static final String LOINC_BP_PANEL = "85354-9";
    /** MDC_PRESS_BLD_NONINV. */
    public static final int MDC_PRESS_BLD_NONINV = 150020;

    public static final String PROFILE_BASE = "http://hl7.org/fhir/StructureDefinition/";
    public static final String PROFILE_VITALSIGNS = PROFILE_BASE + "vitalsigns";

    private FhirCodes() {
    }
}
