package dev.jube.kubelet.cri;

import io.grpc.Status;

/**
 * A CRI call that failed: the gRPC status code (NOT_FOUND for a missing container or sandbox,
 * DEADLINE_EXCEEDED for a call that ran out of time, UNAVAILABLE when the runtime is down) and the
 * runtime's message, prefixed with the call's name so logs say what was attempted.
 */
public final class CriException extends RuntimeException {

    private final Status.Code code;

    public CriException(String call, Status.Code code, String message, Throwable cause) {
        super(call + ": " + code + (message == null || message.isEmpty() ? "" : ": " + message), cause);
        this.code = code;
    }

    public Status.Code code() {
        return code;
    }

    /** True for a container, sandbox or image the runtime does not know. */
    public boolean isNotFound() {
        return code == Status.Code.NOT_FOUND;
    }

    /** True when the runtime could not be reached (not started, restarting or gone). */
    public boolean isUnavailable() {
        return code == Status.Code.UNAVAILABLE;
    }
}
