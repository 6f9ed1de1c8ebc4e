package dev.jube.store;

/** The backend cannot be reached or has been closed. The request may or may not have been applied. */
public class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
