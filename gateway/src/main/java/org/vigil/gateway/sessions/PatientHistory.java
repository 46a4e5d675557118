package org.vigil.gateway.sessions;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the REMS Patient Monitoring Form asks of the patient at check-in besides name and birth
 * date: sex, whether this is the first treatment, and the concomitant medicines of the classes it
 * lists. Each part may be left unrecorded ({@code null}); an empty {@code concomitant} set records
 * that the patient takes none of them.
 */
public record PatientHistory(Sex sex, Boolean firstTreatment, Set<ConcomitantMedicine> concomitant) {

    public static final PatientHistory NOT_RECORDED = new PatientHistory(null, null, null);

    public PatientHistory {
        concomitant = concomitant == null ? null
                : Collections.unmodifiableSet(concomitant.isEmpty() ? EnumSet.noneOf(ConcomitantMedicine.class) : EnumSet.copyOf(concomitant));
    }

    /** Administrative gender as FHIR R4 codes it ({@code http://hl7.org/fhir/administrative-gender}). */
    public enum Sex {
        MALE, FEMALE, OTHER, UNKNOWN;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Sex parse(String code) {
            for (Sex sex : values()) if (sex.code().equals(code)) return sex;
            throw new IllegalArgumentException("sex must be one of male, female, other, unknown");
        }
    }

    /** The medicine classes of the REMS form; {@code code} is also the form item's suffix. */
    public enum ConcomitantMedicine {
        BENZODIAZEPINES("benzodiazepines", "benzodiazepines"),
        SEDATIVE_HYPNOTICS("sedative-hypnotics", "non-benzodiazepine sedative hypnotics"),
        PSYCHOSTIMULANTS("psychostimulants", "psychostimulants"),
        MAOIS("maois", "monoamine oxidase inhibitors"),
        OPIOIDS("opioids", "opioids");

        private final String code;
        private final String label;

        ConcomitantMedicine(String code, String label) {
            this.code = code;
            this.label = label;
        }

        public String code() {
            return code;
        }

        public String label() {
            return label;
        }

        public static ConcomitantMedicine parse(String code) {
            for (ConcomitantMedicine medicine : values()) if (medicine.code.equals(code)) return medicine;
            throw new IllegalArgumentException("concomitant medicines must be among benzodiazepines, sedative-hypnotics, "
                    + "psychostimulants, maois, opioids");
        }
    }
}
