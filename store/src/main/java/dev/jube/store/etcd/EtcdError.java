package dev.jube.store.etcd;

import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What an etcd failure means for the store. etcd reports most conditions only as a gRPC status
 * with a message ("etcdserver: ..."), so the classification reads both.
 */
enum EtcdError {
    COMPACTED,
    FUTURE_REVISION,
    TOO_LARGE,
    LEASE_NOT_FOUND,
    INVALID,
    UNAVAILABLE,
    OTHER;

    static EtcdError classify(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof io.etcd.jetcd.common.exception.CompactedException) {
            return COMPACTED;
        }
        if (t instanceof ClosedClientException) {
            return UNAVAILABLE;
        }
        String message = messageOf(t).toLowerCase(Locale.ROOT);
        if (message.contains("required revision has been compacted")) {
            return COMPACTED;
        }
        if (message.contains("required revision is a future revision")) {
            return FUTURE_REVISION;
        }
        if (message.contains("request is too large") || message.contains("message larger than max")) {
            return TOO_LARGE;
        }
        if (message.contains("requested lease not found")) {
            return LEASE_NOT_FOUND;
        }
        if (message.contains("key is not provided") || message.contains("duplicate key given in txn request")) {
            return INVALID;
        }
        Status.Code code = codeOf(t);
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.CANCELLED || message.contains("no leader")
                || message.contains("leader changed") || message.contains("request timed out")
                || message.contains("connection refused") || message.contains("client is closed")) {
            return UNAVAILABLE;
        }
        if (code == Status.Code.INVALID_ARGUMENT) {
            return INVALID;
        }
        return OTHER;
    }

    /** A failure that may pass: a broken connection, a lost leader, an overloaded member. */
    static boolean isTransient(Throwable error) {
        Throwable t = unwrap(error);
        EtcdError kind = classify(t);
        return kind == UNAVAILABLE || (kind == OTHER && codeOf(t) == Status.Code.INTERNAL);
    }

    /** The failure behind the future and client wrappers. */
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The server's message: jetcd wraps the gRPC status, whose description is the useful part. */
    static String messageOf(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 2000; c = c.getCause()) {
            if (c.getMessage() != null) {
                sb.append(c.getMessage()).append(" | ");
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }

    private static Status.Code codeOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EtcdException e && e.getErrorCode() != null) {
                return toStatus(e.getErrorCode());
            }
            if (c instanceof StatusRuntimeException s) {
                return s.getStatus().getCode();
            }
            if (c instanceof StatusException s) {
                return s.getStatus().getCode();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return Status.Code.UNKNOWN;
    }

    private static Status.Code toStatus(ErrorCode code) {
        try {
            return Status.Code.valueOf(code.name());
        } catch (IllegalArgumentException e) {
            return Status.Code.UNKNOWN;
        }
    }
}
