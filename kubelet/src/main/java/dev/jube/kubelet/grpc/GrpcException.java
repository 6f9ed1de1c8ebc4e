package dev.jube.kubelet.grpc;

/** A call that did not end with OK: its gRPC code and the server's (or our) description. */
public final class GrpcException extends RuntimeException {

    private final GrpcCode code;
    private final String description;

    public GrpcException(GrpcCode code, String description) {
        this(code, description, null);
    }

    public GrpcException(GrpcCode code, String description, Throwable cause) {
        super(code + (description == null || description.isEmpty() ? "" : ": " + description), cause);
        this.code = code;
        this.description = description == null ? "" : description;
    }

    public GrpcCode code() {
        return code;
    }

    /** What the server said (grpc-message), or why the call failed on this side; may be empty. */
    public String description() {
        return description;
    }
}
