package org.vigil.alerting;

import java.time.Duration;
import java.util.List;
import org.vigil.alerting.profile.Comparison;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.Threshold;
import org.vigil.model.VitalSign;

/** Rules of the kap-adult table, built in code as the tests need them. */
final class Rules {

    private Rules() {
    }

    static LimitRule spo2Low() {
        return LimitRule.of("spo2-low", new Threshold(VitalSign.SPO2, Comparison.BELOW, 92),
                Duration.ofSeconds(15), Priority.MEDIUM, false).withHysteresis(1);
    }

    static LimitRule spo2Critical() {
        return LimitRule.of("spo2-critical", new Threshold(VitalSign.SPO2, Comparison.BELOW, 88),
                Duration.ofSeconds(5), Priority.HIGH, true).withHysteresis(1);
    }

    static LimitRule hrHigh() {
        return LimitRule.of("hr-high", new Threshold(VitalSign.PULSE_RATE, Comparison.AT_OR_ABOVE, 131),
                Duration.ofSeconds(30), Priority.MEDIUM, false).withHysteresis(3);
    }

    static LimitRule satSeconds(double limit, double integral) {
        return LimitRule.of("spo2-satseconds", new Threshold(VitalSign.SPO2, Comparison.BELOW, limit),
                Duration.ZERO, Priority.MEDIUM, false).withIntegral(integral);
    }

    static LimitRule sbpLow() {
        return LimitRule.of("sbp-low", new Threshold(VitalSign.BP_SYS, Comparison.AT_OR_BELOW, 90),
                Duration.ZERO, Priority.HIGH, true).withConfirm(true).withHysteresis(5);
    }

    static LimitRule hypertension() {
        return new LimitRule("hypertension", "Hypertension", List.of(
                new Threshold(VitalSign.BP_SYS, Comparison.ABOVE, 180),
                new Threshold(VitalSign.BP_DIA, Comparison.ABOVE, 110)),
                5, Duration.ZERO, 0, true, false, Priority.MEDIUM, true);
    }

    static LimitRule preDoseGate() {
        return new LimitRule("pre-dose-bp", "Pre-dose BP gate", List.of(
                new Threshold(VitalSign.BP_SYS, Comparison.ABOVE, 140),
                new Threshold(VitalSign.BP_DIA, Comparison.ABOVE, 90)),
                0, Duration.ZERO, 0, false, true, Priority.INFORMATIONAL, false);
    }
}
