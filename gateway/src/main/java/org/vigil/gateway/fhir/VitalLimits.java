package org.vigil.gateway.fhir;

/**
 * The alarm limits in force for one vital at the time of a reading, as the alarm engine holds them.
 * Any bound may be {@code null} when it is switched off.
 */
public record VitalLimits(Double criticalLow, Double low, Double high, Double criticalHigh) {

    public static final VitalLimits NONE = new VitalLimits(null, null, null, null);

    public VitalLimits {
        requireOrdered(criticalLow, low);
        requireOrdered(low, high);
        requireOrdered(high, criticalHigh);
        requireOrdered(criticalLow, criticalHigh);
    }

    public static VitalLimits of(double low, double high) {
        return new VitalLimits(null, low, high, null);
    }

    /** The v3 ObservationInterpretation code for a value, or {@code null} when no bound applies. */
    public Interpretation interpret(double value) {
        if (criticalLow != null && value <= criticalLow) return Interpretation.CRITICAL_LOW;
        if (criticalHigh != null && value >= criticalHigh) return Interpretation.CRITICAL_HIGH;
        if (low != null && value < low) return Interpretation.LOW;
        if (high != null && value > high) return Interpretation.HIGH;
        if (low == null && high == null && criticalLow == null && criticalHigh == null) return null;
        return Interpretation.NORMAL;
    }

    /** Compact text of the limits, e.g. "LL 85 L 90 H 100", for logs and the alarm log. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        append(text, "LL", criticalLow);
        append(text, "L", low);
        append(text, "H", high);
        append(text, "HH", criticalHigh);
        return text.length() == 0 ? "none" : text.toString();
    }

    private static void append(StringBuilder text, String label, Double bound) {
        if (bound == null) return;
        if (text.length() > 0) text.append(' ');
        text.append(label).append(' ');
        if (bound == Math.rint(bound)) text.append((long) bound.doubleValue());
        else text.append(bound);
    }

    private static void requireOrdered(Double lower, Double upper) {
        if (lower != null && upper != null && lower > upper) {
            throw new IllegalArgumentException("limit " + lower + " is above " + upper);
        }
    }

    /** Codes of http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation. */
    public enum Interpretation {
        CRITICAL_LOW("LL", "Critical low"),
        LOW("L", "Low"),
        NORMAL("N", "Normal"),
        HIGH("H", "High"),
        CRITICAL_HIGH("HH", "Critical high");

        private final String code;
        private final String display;

        Interpretation(String code, String display) {
            this.code = code;
            this.display = display;
        }

        public String code() { return code; }

        public String display() { return display; }
    }
}
