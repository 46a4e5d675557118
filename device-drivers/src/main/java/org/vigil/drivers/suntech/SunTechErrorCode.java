package org.vigil.drivers.suntech;

/** Error codes of the result frame (docs/wire-formats.md §3, "error code" byte). */
public final class SunTechErrorCode {

    private SunTechErrorCode() {
    }

    /** What a nonzero error code means, for the CUFF_ERROR condition detail. */
    public static String meaning(int code) {
        return switch (code) {
            case 1 -> "weak signal";
            case 2 -> "erratic signal";
            case 3 -> "retries exceeded";
            case 4 -> "measurement time exceeded";
            case 85 -> "pneumatic blockage";
            case 87 -> "inflate timeout";
            case 89 -> "over-pressure / safety";
            case 90 -> "power supply";
            default -> "error code " + code;
        };
    }
}
