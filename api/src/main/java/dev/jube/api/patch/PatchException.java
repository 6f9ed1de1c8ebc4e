package dev.jube.api.patch;

/** A patch that cannot be applied or produced; the message names the problem. */
public class PatchException extends IllegalArgumentException {

    public PatchException(String message) {
        super(message);
    }

    public PatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
