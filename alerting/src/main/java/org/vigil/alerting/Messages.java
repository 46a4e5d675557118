package org.vigil.alerting;

import org.vigil.alerting.profile.Threshold;
import org.vigil.model.VitalSign;

/** The short texts a nurse reads on the alarm bar, e.g. "SpO2 86 < 88". */
final class Messages {

    private Messages() {
    }

    static String label(VitalSign vital) {
        return switch (vital) {
            case SPO2 -> "SpO2";
            case PULSE_RATE -> "HR";
            case BP_SYS -> "SBP";
            case BP_DIA -> "DBP";
            case BP_MEAN -> "MAP";
            case RESP_RATE -> "RR";
            case TEMP -> "Temp";
            case PERFUSION_INDEX -> "PI";
        };
    }

    static String number(double value) {
        if (Double.isNaN(value)) return "-";
        if (value == Math.rint(value)) return Long.toString((long) value);
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    static String limit(Threshold threshold, double value) {
        return label(threshold.vital()) + " " + number(value) + " " + threshold.comparison().symbol() + " "
                + number(threshold.limit());
    }
}
