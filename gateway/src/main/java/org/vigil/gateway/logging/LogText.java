package org.vigil.gateway.logging;

/**
 * Text that came from outside (a device, a broker client) made safe for a log line: control
 * characters (Unicode category Cc: CR, LF, ESC of ANSI sequences, ...) and the line and paragraph
 * separators are written as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, and a
 * backslash as two, so that a value can neither start a forged line nor recolour the terminal
 * (OWASP Logging Cheat Sheet, "Event data sources" and CWE-117).
 */
public final class LogText {

    /** Longest value written whole; the rest is cut and counted. */
    public static final int MAX_LENGTH = 200;

    private LogText() {
    }

    public static String escape(String text) {
        return escape(text, MAX_LENGTH);
    }

    /** {@link #escape(String)} cut after {@code maxLength} characters (a user name after 64, say). */
    public static String escape(String text, int maxLength) {
        if (text == null) return "null";
        int length = Math.min(text.length(), maxLength);
        StringBuilder safe = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean plain = c != '\\' && !Character.isISOControl(c) && c != '\u2028' && c != '\u2029';
            if (plain) {
                if (safe != null) safe.append(c);
                continue;
            }
            if (safe == null) safe = new StringBuilder(length + 16).append(text, 0, i);
            switch (c) {
                case '\\' -> safe.append("\\\\");
                case '\n' -> safe.append("\\n");
                case '\r' -> safe.append("\\r");
                case '\t' -> safe.append("\\t");
                default -> safe.append(String.format("\\u%04x", (int) c));
            }
        }
        String result = safe == null ? text.substring(0, length) : safe.toString();
        return text.length() > maxLength ? result + "...(" + (text.length() - maxLength) + " more)" : result;
    }

    /** {@link #escape} in single quotes, for values whose ends should be visible. */
    public static String quote(String text) {
        return text == null ? "null" : "'" + escape(text) + "'";
    }
}
