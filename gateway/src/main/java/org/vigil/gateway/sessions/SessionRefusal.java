package org.vigil.gateway.sessions;

/** A session change that was refused and changed nothing; the message says why. */
public final class SessionRefusal extends RuntimeException {

    /** What kind of refusal, for the HTTP status. */
    public enum Kind { UNKNOWN, CONFLICT, INVALID }

    private final Kind kind;

    public SessionRefusal(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
