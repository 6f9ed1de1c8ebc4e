package dev.jube.store;

/** A request above {@link Store#MAX_REQUEST_BYTES}. Nothing was written. */
public class RequestTooLargeException extends StoreException {

    public RequestTooLargeException(long size) {
        super("request is too large: " + size + " bytes, the limit is " + Store.MAX_REQUEST_BYTES + " bytes");
    }

    public RequestTooLargeException(String message) {
        super(message);
    }
}
