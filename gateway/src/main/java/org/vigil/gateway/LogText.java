package org.vigil.gateway;

/**
 * Makes a value that came from outside safe to log: control characters (CR, LF, ESC and the rest of
 * Unicode category Cc) are written as {@code \\uXXXX}, so no value can forge a log line or drive a
 * terminal (OWASP Logging Cheat Sheet, "Event data sources"; CWE-117), and long values are cut.
 */
public final class LogText {

    /** Longest value written to a log, in characters, before the cut. */
    public static final int MAX_LENGTH = 200;

    private LogText() {
    }

    public static String of(String value) {
        return of(value, MAX_LENGTH);
    }

    public static String of(String value, int maxLength) {
        if (value == null) return "null";
        StringBuilder safe = new StringBuilder(Math.min(value.length(), maxLength) + 16);
        int end = Math.min(value.length(), maxLength);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                safe.append(String.format("\\u%04x", (int) c));
            } else {
                safe.append(c);
            }
        }
        if (value.length() > maxLength) safe.append("...(").append(value.length()).append(" characters)");
        return safe.toString();
    }
}
