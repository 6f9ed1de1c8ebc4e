package dev.jube.store;

/** A request the store cannot run as given (an empty key, a lease that does not exist on put). */
public class InvalidRequestException extends StoreException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
