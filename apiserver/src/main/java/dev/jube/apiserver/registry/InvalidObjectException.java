package dev.jube.apiserver.registry;

import dev.jube.api.validation.FieldError;
import java.util.List;

/** An object failed a check that needs more than the object itself (e.g. an IP already in use); answered as 422. */
public final class InvalidObjectException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidObjectException(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid" : errors.getFirst().message());
        this.errors = List.copyOf(errors);
    }

    public InvalidObjectException(FieldError error) {
        this(List.of(error));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
