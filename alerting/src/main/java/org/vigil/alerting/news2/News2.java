package org.vigil.alerting.news2;

/**
 * NEWS2 scoring (Royal College of Physicians, 2017, chart 1, SpO2 scale 1). Rates and pressures
 * are rounded to whole numbers and temperature to one decimal, as the chart records them.
 */
public final class News2 {

    public static final int URGENT_TOTAL = 5;
    public static final int EMERGENCY_TOTAL = 7;
    public static final int SINGLE_PARAMETER_RED = 3;

    private News2() {
    }

    /** The score of a measured parameter; not for air/oxygen or consciousness. */
    public static int score(News2Parameter parameter, double value) {
        return switch (parameter) {
            case RESPIRATION_RATE -> respirationRate(value);
            case SPO2 -> spo2Scale1(value);
            case SYSTOLIC_BP -> systolic(value);
            case PULSE -> pulse(value);
            case TEMPERATURE -> temperature(value);
            case AIR_OR_OXYGEN, CONSCIOUSNESS ->
                    throw new IllegalArgumentException(parameter + " is assessed, not measured");
        };
    }

    public static int respirationRate(double perMinute) {
        long rr = Math.round(perMinute);
        if (rr <= 8) return 3;
        if (rr <= 11) return 1;
        if (rr <= 20) return 0;
        if (rr <= 24) return 2;
        return 3;
    }

    public static int spo2Scale1(double percent) {
        long spo2 = Math.round(percent);
        if (spo2 <= 91) return 3;
        if (spo2 <= 93) return 2;
        if (spo2 <= 95) return 1;
        return 0;
    }

    public static int airOrOxygen(boolean onOxygen) {
        return onOxygen ? 2 : 0;
    }

    public static int systolic(double mmHg) {
        long sbp = Math.round(mmHg);
        if (sbp <= 90) return 3;
        if (sbp <= 100) return 2;
        if (sbp <= 110) return 1;
        if (sbp <= 219) return 0;
        return 3;
    }

    public static int pulse(double perMinute) {
        long hr = Math.round(perMinute);
        if (hr <= 40) return 3;
        if (hr <= 50) return 1;
        if (hr <= 90) return 0;
        if (hr <= 110) return 1;
        if (hr <= 130) return 2;
        return 3;
    }

    public static int consciousness(Consciousness level) {
        return level == Consciousness.ALERT ? 0 : 3;
    }

    public static int temperature(double celsius) {
        long tenths = Math.round(celsius * 10);
        if (tenths <= 350) return 3;
        if (tenths <= 360) return 1;
        if (tenths <= 380) return 0;
        if (tenths <= 390) return 1;
        return 2;
    }
}
