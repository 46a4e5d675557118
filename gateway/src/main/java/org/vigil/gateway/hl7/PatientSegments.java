package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.util.Terser;

/** PID and PV1 of a bed's patient (IHE PCD TF-2 Appendix B.6 and B.8). */
final class PatientSegments {

    private PatientSegments() {
    }

    static void fill(Terser terser, String group, Hl7Patient patient, String bedId, String facility) throws HL7Exception {
        String pid = group + "/PATIENT/PID";
        terser.set(pid + "-1", "1");
        terser.set(pid + "-3-1", patient.identifier());
        // HD sub-components of PID-3.4, set one by one: namespace, universal id, universal id type.
        String[] authority = patient.assigningAuthority().split("&", -1);
        for (int s = 0; s < authority.length; s++) {
            if (!authority[s].isEmpty()) terser.set(pid + "-3-4-" + (s + 1), authority[s]);
        }
        terser.set(pid + "-3-5", patient.identifierType());
        if (patient.isIdentified()) {
            terser.set(pid + "-5-1", patient.family());
            if (patient.given() != null) terser.set(pid + "-5-2", patient.given());
            terser.set(pid + "-5-7", "L");
            if (patient.birthDate() != null) terser.set(pid + "-7", patient.birthDate().toString().replace("-", ""));
        } else {
            terser.set(pid + "-5-7", "U");
        }
        String pv1 = group + "/PATIENT/VISIT/PV1";
        terser.set(pv1 + "-1", "1");
        // PV1-2 patient class O: outpatient (HL7 table 0004); PV1-3 point of care^room^bed^facility.
        terser.set(pv1 + "-2", "O");
        terser.set(pv1 + "-3-3", bedId);
        terser.set(pv1 + "-3-4-1", facility);
    }
}
