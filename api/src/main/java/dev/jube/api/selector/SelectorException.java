package dev.jube.api.selector;

import dev.jube.api.validation.FieldError;
import java.util.List;

/** A label or field selector that cannot be parsed or is invalid; the message is upstream's. */
public class SelectorException extends IllegalArgumentException {

    private final List<FieldError> errors;

    public SelectorException(String message) {
        this(message, List.of());
    }

    public SelectorException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** The individual field errors, when the problem is a validation failure (may be empty). */
    public List<FieldError> errors() {
        return errors;
    }

    /** Joins errors as upstream's aggregate error does: one as is, several as "[a, b]". */
    static String aggregate(List<FieldError> errors) {
        List<String> messages = errors.stream().map(FieldError::message).distinct().toList();
        return messages.size() == 1 ? messages.get(0) : "[" + String.join(", ", messages) + "]";
    }
}
