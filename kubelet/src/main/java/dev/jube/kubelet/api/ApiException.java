package dev.jube.kubelet.api;

/** A request the API server answered with an error: its HTTP code and the message of its Status. */
public final class ApiException extends RuntimeException {

    private final int code;

    public ApiException(int code, String message) {
        super(message);
        this.code = code;
    }

    public ApiException(String message, Throwable cause) {
        super(message, cause);
        this.code = 0;
    }

    /** The HTTP status code, or 0 when no answer came (the connection failed). */
    public int code() {
        return code;
    }
}
