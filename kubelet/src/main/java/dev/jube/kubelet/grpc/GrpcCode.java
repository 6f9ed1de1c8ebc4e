package dev.jube.kubelet.grpc;

/** gRPC status codes, in the order of their numbers on the wire. */
public enum GrpcCode {
    OK,
    CANCELLED,
    UNKNOWN,
    INVALID_ARGUMENT,
    DEADLINE_EXCEEDED,
    NOT_FOUND,
    ALREADY_EXISTS,
    PERMISSION_DENIED,
    RESOURCE_EXHAUSTED,
    FAILED_PRECONDITION,
    ABORTED,
    OUT_OF_RANGE,
    UNIMPLEMENTED,
    INTERNAL,
    UNAVAILABLE,
    DATA_LOSS,
    UNAUTHENTICATED;

    private static final GrpcCode[] BY_NUMBER = values();

    /** The code a grpc-status trailer carries; UNKNOWN for a number or text that is not one. */
    static GrpcCode of(CharSequence number) {
        try {
            int n = Integer.parseInt(number.toString());
            return n >= 0 && n < BY_NUMBER.length ? BY_NUMBER[n] : UNKNOWN;
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    /** The code for a response whose HTTP status is not 200, as gRPC maps them. */
    static GrpcCode ofHttpStatus(int status) {
        return switch (status) {
            case 400 -> INTERNAL;
            case 401 -> UNAUTHENTICATED;
            case 403 -> PERMISSION_DENIED;
            case 404 -> UNIMPLEMENTED;
            case 429, 502, 503, 504 -> UNAVAILABLE;
            default -> UNKNOWN;
        };
    }
}
