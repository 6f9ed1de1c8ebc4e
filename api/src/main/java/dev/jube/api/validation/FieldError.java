package dev.jube.api.validation;

import java.util.Objects;

/**
 * One validation failure on one field, rendered the way the Kubernetes API server words it
 * (for example {@code metadata.name: Invalid value: "Foo": a lowercase RFC 1123 ...}), so that
 * a server can put these into a Status of reason Invalid.
 *
 * @param type     the kind of failure
 * @param field    the field path, e.g. {@code metadata.labels}
 * @param badValue the offending value, or null when the type does not show one
 * @param detail   the explanation, possibly empty
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

    /** The failure kinds, with the reason text upstream prints and sends as a cause type. */
    public enum Type {
        NOT_FOUND("Not found", "FieldValueNotFound"),
        REQUIRED("Required value", "FieldValueRequired"),
        DUPLICATE("Duplicate value", "FieldValueDuplicate"),
        INVALID("Invalid value", "FieldValueInvalid"),
        NOT_SUPPORTED("Unsupported value", "FieldValueNotSupported"),
        FORBIDDEN("Forbidden", "FieldValueForbidden"),
        TOO_LONG("Too long", "FieldValueTooLong"),
        TOO_MANY("Too many", "FieldValueTooMany"),
        INTERNAL("Internal error", "InternalError");

        private final String text;
        private final String causeType;

        Type(String text, String causeType) {
            this.text = text;
            this.causeType = causeType;
        }

        /** The words printed in messages, e.g. "Invalid value". */
        public String text() {
            return text;
        }

        /** The {@code StatusCause.reason} value, e.g. "FieldValueInvalid". */
        public String causeType() {
            return causeType;
        }
    }

    public FieldError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(field, "field");
        detail = detail == null ? "" : detail;
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(Type.INVALID, field, value, detail);
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, "", detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, "", detail);
    }

    public static FieldError notSupported(String field, Object value, Iterable<String> supported) {
        StringBuilder detail = new StringBuilder();
        if (supported != null) {
            StringBuilder list = new StringBuilder();
            for (String s : supported) {
                if (!list.isEmpty()) {
                    list.append(", ");
                }
                list.append(quote(s));
            }
            if (!list.isEmpty()) {
                detail.append("supported values: ").append(list);
            }
        }
        return new FieldError(Type.NOT_SUPPORTED, field, value, detail.toString());
    }

    public static FieldError tooLong(String field, Object value, int maxBytes) {
        String detail = maxBytes >= 0
                ? "may not be more than " + maxBytes + (maxBytes == 1 ? " byte" : " bytes")
                : "value is too long";
        return new FieldError(Type.TOO_LONG, field, value, detail);
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(Type.DUPLICATE, field, value, "");
    }

    public static FieldError notFound(String field, Object value) {
        return new FieldError(Type.NOT_FOUND, field, value, "");
    }

    /** The message without the field path, e.g. {@code Invalid value: "x": must be ...}. */
    public String body() {
        StringBuilder s = new StringBuilder(type.text());
        switch (type) {
            case REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL -> { }
            default -> s.append(": ").append(renderValue(badValue));
        }
        if (!detail.isEmpty()) {
            s.append(": ").append(detail);
        }
        return s.toString();
    }

    /** The full message, e.g. {@code metadata.name: Required value: name or generateName is required}. */
    public String message() {
        return field + ": " + body();
    }

    @Override
    public String toString() {
        return message();
    }

    private static String renderValue(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence cs) {
            return quote(cs.toString());
        }
        if (value instanceof Iterable<?> items) {
            // Upstream prints composite values as JSON.
            StringBuilder b = new StringBuilder("[");
            for (Object item : items) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(renderValue(item));
            }
            return b.append(']').toString();
        }
        return value.toString();
    }

    /** Quotes like Go's %q for the characters that occur in practice. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
