package dev.jube.kubelet.grpc;

/** A call that did not end with OK: its gRPC code and the server's (or our) description. */
public final class GrpcException extends RuntimeException {

    private final GrpcCode code;
    private final String description;
    private final boolean unprocessed;

    public GrpcException(GrpcCode code, String description) {
        this(code, description, null);
    }

    public GrpcException(GrpcCode code, String description, Throwable cause) {
        this(code, description, cause, false);
    }

    private GrpcException(GrpcCode code, String description, Throwable cause, boolean unprocessed) {
        super(code + (description == null || description.isEmpty() ? "" : ": " + description), cause);
        this.code = code;
        this.description = description == null ? "" : description;
        this.unprocessed = unprocessed;
    }

    /** UNAVAILABLE for a call the server never started (refused or sent on a closing connection). */
    static GrpcException unprocessed(String description) {
        return new GrpcException(GrpcCode.UNAVAILABLE, description, null, true);
    }

    /** True when the server certainly did not run the call, so sending it again is safe. */
    boolean isUnprocessed() {
        return unprocessed;
    }

    public GrpcCode code() {
        return code;
    }

    /** What the server said (grpc-message), or why the call failed on this side; may be empty. */
    public String description() {
        return description;
    }
}
