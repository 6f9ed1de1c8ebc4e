package dev.jube.store;

/** A storage failure. Subclasses name the failures callers handle differently. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
