package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.util.Terser;

/** Sets a whole field written as ER7 components ({@code a^b^c}, sub-components with {@code &}). */
final class Fields {

    private Fields() {
    }

    static void set(Terser terser, String path, String value) throws HL7Exception {
        if (value == null || value.isEmpty()) return;
        String[] components = value.split("\\^", -1);
        for (int c = 0; c < components.length; c++) {
            String[] subcomponents = components[c].split("&", -1);
            for (int s = 0; s < subcomponents.length; s++) {
                if (subcomponents[s].isEmpty()) continue;
                terser.set(path + "-" + (c + 1) + (subcomponents.length > 1 ? "-" + (s + 1) : ""), subcomponents[s]);
            }
        }
    }
}
