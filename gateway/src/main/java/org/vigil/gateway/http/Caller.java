package org.vigil.gateway.http;

/**
 * Who made a request, and what they may do.
 *
 * @param session the sign-in session the request came with, {@code null} for HTTP Basic or an open
 *                gateway; a live stream ends with its session
 */
public record Caller(String user, Role role, String session) {

    public Caller(String user, Role role) {
        this(user, role, null);
    }

    public enum Role {
        /** Sees everything, changes nothing. */
        VIEWER,
        /** Acknowledges, pauses audio, admits, measures BP, records assessments. */
        NURSE,
        /** Also changes alarm limits. */
        ADMIN;

        public boolean atLeast(Role other) {
            return compareTo(other) >= 0;
        }
    }
}
