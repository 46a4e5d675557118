package org.vigil.gateway.storage;

/** A read or write that did not happen. The gateway turns it into a technical alarm. */
public final class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
