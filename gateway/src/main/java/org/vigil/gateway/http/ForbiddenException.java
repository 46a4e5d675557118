package org.vigil.gateway.http;

/** The caller is signed in but their role may not do this; answered with 403. */
public final class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
