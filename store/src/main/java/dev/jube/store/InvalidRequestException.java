package dev.jube.store;

/** A request the store cannot run as given (an empty key, one key written twice in a transaction). */
public class InvalidRequestException extends StoreException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
