package org.vigil.gateway.http;

/** A request parameter that cannot be used; answered with 400 and the message. */
public final class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
