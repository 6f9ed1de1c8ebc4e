package dev.jube.api.apply;

import dev.jube.api.validation.FieldError;
import java.util.List;

/**
 * A request that server-side apply or field tracking cannot process: a malformed applied
 * object (upstream answers 400 Bad Request), an applied object that contradicts its schema,
 * such as duplicate or keyless items of a map list (422 Invalid, with {@link #errors()}), or
 * undecodable managedFields on the live object (500).
 */
public final class ApplyException extends RuntimeException {

    /** Which HTTP answer upstream gives. */
    public enum Kind { BAD_REQUEST, INVALID, INTERNAL }

    private final Kind kind;
    private final List<FieldError> errors;

    ApplyException(Kind kind, String message, List<FieldError> errors) {
        super(message);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    static ApplyException badRequest(String message) {
        return new ApplyException(Kind.BAD_REQUEST, message, List.of());
    }

    static ApplyException invalid(FieldError error) {
        return new ApplyException(Kind.INVALID, error.message(), List.of(error));
    }

    static ApplyException internal(String message) {
        return new ApplyException(Kind.INTERNAL, message, List.of());
    }

    public Kind kind() {
        return kind;
    }

    /** The field errors of an {@link Kind#INVALID} exception, for the Status causes. */
    public List<FieldError> errors() {
        return errors;
    }
}
