package org.vigil.gateway.http;

/** Who made a request, and what they may do. */
public record Caller(String user, Role role) {

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
