package dev.jube.kubelet.cri;

import dev.jube.kubelet.grpc.GrpcCode;

/**
 * A CRI call that failed: the gRPC status code (NOT_FOUND for a missing container or sandbox,
 * DEADLINE_EXCEEDED for a call that ran out of time, UNAVAILABLE when the runtime is down) and the
 * runtime's message, prefixed with the call's name so logs say what was attempted.
 */
public final class CriException extends RuntimeException {

    private final GrpcCode code;

    public CriException(String call, GrpcCode code, String message, Throwable cause) {
        super(call + ": " + code + (message == null || message.isEmpty() ? "" : ": " + message), cause);
        this.code = code;
    }

    public GrpcCode code() {
        return code;
    }

    /** True for a container, sandbox or image the runtime does not know. */
    public boolean isNotFound() {
        return code == GrpcCode.NOT_FOUND;
    }

    /** True when the runtime could not be reached (not started, restarting or gone). */
    public boolean isUnavailable() {
        return code == GrpcCode.UNAVAILABLE;
    }
}
