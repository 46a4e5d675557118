package org.vigil.gateway.http;

/** A part the request needs did not answer in time; answered with 503. */
public final class UnavailableException extends RuntimeException {

    public UnavailableException(String message) {
        super(message);
    }
}
