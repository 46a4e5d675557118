package org.vigil.model;

/**
 * The vital signs Vigil understands, with their codes.
 *
 * <p>LOINC codes follow the FHIR R4 vital-signs profiles; MDC codes are IEEE 11073-10101
 * (system {@code urn:iso:std:iso:11073:10101}); units are UCUM (docs/vital-sign-codes.md §2). The plausible range bounds what a
 * decoder may report as a number: anything outside it is a decoding fault, not a patient value.
 */
public enum VitalSign {
    /** Oxygen saturation by pulse oximetry; R4 {@code oxygensat} requires 2708-6, 59408-5 is added. */
    SPO2("2708-6", "Oxygen saturation in Arterial blood", 150456, "MDC_PULS_OXIM_SAT_O2", "%", 0, 100),
    /** Pulse rate; MDC code is the oximeter's (NIBP pulse uses 149546). */
    PULSE_RATE("8867-4", "Heart rate", 149530, "MDC_PULS_OXIM_PULS_RATE", "/min", 0, 350),
    BP_SYS("8480-6", "Systolic blood pressure", 150021, "MDC_PRESS_BLD_NONINV_SYS", "mm[Hg]", 0, 320),
    BP_DIA("8462-4", "Diastolic blood pressure", 150022, "MDC_PRESS_BLD_NONINV_DIA", "mm[Hg]", 0, 300),
    BP_MEAN("8478-0", "Mean blood pressure", 150023, "MDC_PRESS_BLD_NONINV_MEAN", "mm[Hg]", 0, 300),
    RESP_RATE("9279-1", "Respiratory rate", 151562, "MDC_RESP_RATE", "/min", 0, 150),
    TEMP("8310-5", "Body temperature", 150364, "MDC_TEMP_BODY", "Cel", 20, 45),
    /** Perfusion index has no vital-signs LOINC code; it is coded with MDC only. */
    PERFUSION_INDEX(null, "Perfusion index", 150448, "MDC_PULS_OXIM_PERF_REL", "%", 0, 100);

    /** MDC code of a pulse rate measured by a non-invasive blood-pressure module. */
    public static final int MDC_PULS_RATE_NON_INV = 149546;

    private final String loinc;
    private final String display;
    private final int mdcCode;
    private final String mdcName;
    private final String ucum;
    private final double plausibleMin;
    private final double plausibleMax;

    VitalSign(String loinc, String display, int mdcCode, String mdcName, String ucum,
              double plausibleMin, double plausibleMax) {
        this.loinc = loinc;
        this.display = display;
        this.mdcCode = mdcCode;
        this.mdcName = mdcName;
        this.ucum = ucum;
        this.plausibleMin = plausibleMin;
        this.plausibleMax = plausibleMax;
    }

    /** LOINC code, or {@code null} where the vital has none (perfusion index). */
    public String loinc() { return loinc; }

    public String display() { return display; }

    public int mdcCode() { return mdcCode; }

    public String mdcName() { return mdcName; }

    /** UCUM unit every reading of this vital is normalised to. */
    public String ucum() { return ucum; }

    public double plausibleMin() { return plausibleMin; }

    public double plausibleMax() { return plausibleMax; }

    public boolean isPlausible(double value) {
        return value >= plausibleMin && value <= plausibleMax;
    }

    public boolean isBloodPressure() {
        return this == BP_SYS || this == BP_DIA || this == BP_MEAN;
    }
}
