package dev.jube.apiserver.registry;

/**
 * One validation failure, shaped like upstream's field errors: {@code field: Type: detail}.
 * {@code value} is the offending value (null for Required/Forbidden).
 */
public record FieldError(Type type, String field, Object value, String detail) {

    public enum Type {
        REQUIRED("FieldValueRequired", "Required value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value");

        public final String reason;
        public final String label;

        Type(String reason, String label) {
            this.reason = reason;
            this.label = label;
        }
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, null, detail);
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(Type.INVALID, field, value, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, null, detail);
    }

    /** The message without the field: {@code Invalid value: "x": detail}. */
    public String message() {
        StringBuilder b = new StringBuilder(type.label);
        if (type == Type.INVALID || type == Type.DUPLICATE || type == Type.NOT_SUPPORTED) {
            b.append(": ").append(value instanceof String s ? "\"" + s + "\"" : String.valueOf(value));
        }
        if (detail != null && !detail.isEmpty()) {
            b.append(": ").append(detail);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return field + ": " + message();
    }
}
