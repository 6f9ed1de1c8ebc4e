package dev.jube.api;

/** A string that is not a resource quantity; the message is upstream's. */
public class QuantityFormatException extends IllegalArgumentException {

    public QuantityFormatException(String message) {
        super(message);
    }
}
