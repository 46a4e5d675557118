package org.vigil.gateway.sessions;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether pulse and blood pressure are back near the baseline: each within {@code percent} of its
 * baseline value (PADSS, Chung et al., J Clin Anesth 1995;7:500-506: vital signs within 20 % of the
 * pre-procedure values). SpO2 is left to its alarm rules.
 */
record BaselineBand(double percent) {

    /** What is outside the band, e.g. "pulse 110 (band 58-86)"; empty when everything is inside. */
    List<String> outside(Baseline baseline, double pulse, double systolic, double diastolic) {
        List<String> outside = new ArrayList<>();
        check("pulse", pulse, baseline.pulse(), outside);
        check("systolic", systolic, baseline.systolic(), outside);
        check("diastolic", diastolic, baseline.diastolic(), outside);
        return outside;
    }

    private void check(String name, double value, double base, List<String> outside) {
        double low = base * (1 - percent / 100);
        double high = base * (1 + percent / 100);
        if (value < low || value > high) {
            outside.add(name + " " + Math.round(value) + " (band " + Math.round(low) + "-" + Math.round(high) + ")");
        }
    }
}
