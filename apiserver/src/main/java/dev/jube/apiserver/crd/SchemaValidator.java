package dev.jube.apiserver.crd;

import dev.jube.api.validation.FieldError;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a custom resource against its CRD version's structural schema, with the field errors
 * upstream's OpenAPI validator gives (e.g. {@code spec.replicas: Invalid value: "string":
 * spec.replicas in body must be of type integer: "string"}).
 */
public final class SchemaValidator {

    private static final Pattern HOSTNAME = Pattern.compile(
            "^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private SchemaValidator() {}

    /** Every violation of {@code schema} by {@code value}; {@code path} is the value's field path ("" at the root). */
    public static List<FieldError> validate(JsonNode value, JsonNode schema, String path) {
        List<FieldError> errors = new ArrayList<>();
        check(value, schema, path, errors);
        return errors;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        String type = schema.path("type").asString("");
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        if (value == null || value.isNull()) {
            if (!schema.path("nullable").asBoolean(false) && (!type.isEmpty() || intOrString)) {
                errors.add(typeError(path, intOrString ? "integer,string" : type, "null"));
            }
            return;
        }
        if (intOrString) {
            if (!value.isIntegralNumber() && !value.isString()) {
                errors.add(typeError(path, "integer,string", typeName(value)));
                return;
            }
        } else if (!type.isEmpty() && !hasType(value, type)) {
            errors.add(typeError(path, type, typeName(value)));
            return;
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
            boolean found = false;
            List<String> supported = new ArrayList<>();
            for (JsonNode e : enumValues) {
                found |= equal(e, value);
                supported.add(e.isString() ? e.stringValue() : e.toString());
            }
            if (!found) {
                errors.add(FieldError.notSupported(path, plain(value), supported));
            }
        }
        if (value.isString()) {
            checkString(value.stringValue(), schema, path, errors);
        } else if (value.isNumber()) {
            checkNumber(value, schema, path, errors);
        } else if (value.isArray()) {
            checkArray(value, schema, path, errors);
        } else if (value.isObject()) {
            checkObject(value, schema, path, errors);
        }
    }

    private static void checkString(String s, JsonNode schema, String path, List<FieldError> errors) {
        int length = s.codePointCount(0, s.length());
        if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
            errors.add(FieldError.tooLong(path, s, schema.get("maxLength").asInt()));
        }
        if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
            errors.add(FieldError.invalid(path, s, name(path) + " in body should be at least "
                    + schema.get("minLength").asLong() + " chars long"));
        }
        if (schema.has("pattern")) {
            String pattern = schema.get("pattern").asString("");
            try {
                if (!Pattern.compile(pattern).matcher(s).find()) {
                    errors.add(FieldError.invalid(path, s, name(path) + " in body should match '" + pattern + "'"));
                }
            } catch (PatternSyntaxException e) {
                // The CRD's own validation refuses patterns that do not compile.
            }
        }
        String format = schema.path("format").asString("");
        if (!format.isEmpty() && !formatFits(format, s)) {
            errors.add(FieldError.invalid(path, s, name(path) + " in body must be of type " + format + ": "
                    + quote(s)));
        }
    }

    /** The formats upstream checks; unknown formats accept anything, as there. */
    static boolean formatFits(String format, String s) {
        try {
            return switch (format) {
                case "date-time", "datetime" -> {
                    OffsetDateTime.parse(s);
                    yield true;
                }
                case "date" -> {
                    LocalDate.parse(s);
                    yield true;
                }
                case "uuid" -> s.length() == 36 && UUID.fromString(s) != null;
                case "byte" -> {
                    Base64.getDecoder().decode(s);
                    yield true;
                }
                case "ipv4" -> s.matches("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
                case "ipv6" -> s.contains(":") && s.matches("^[0-9a-fA-F:.]+$");
                case "cidr" -> s.matches("^[0-9a-fA-F:.]+/\\d{1,3}$");
                case "hostname" -> s.length() <= 253 && HOSTNAME.matcher(s).matches();
                case "email" -> EMAIL.matcher(s).matches();
                default -> true;
            };
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkNumber(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
        BigDecimal v = value.decimalValue();
        Object shown = plain(value);
        if (schema.has("minimum")) {
            BigDecimal min = schema.get("minimum").decimalValue();
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            int c = v.compareTo(min);
            if (exclusive ? c <= 0 : c < 0) {
                errors.add(FieldError.invalid(path, shown, name(path) + " in body should be greater than "
                        + (exclusive ? "" : "or equal to ") + number(min)));
            }
        }
        if (schema.has("maximum")) {
            BigDecimal max = schema.get("maximum").decimalValue();
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
            int c = v.compareTo(max);
            if (exclusive ? c >= 0 : c > 0) {
                errors.add(FieldError.invalid(path, shown, name(path) + " in body should be less than "
                        + (exclusive ? "" : "or equal to ") + number(max)));
            }
        }
        if (schema.has("multipleOf")) {
            BigDecimal m = schema.get("multipleOf").decimalValue();
            if (m.signum() != 0 && v.remainder(m).signum() != 0) {
                errors.add(FieldError.invalid(path, shown, name(path) + " in body should be a multiple of "
                        + number(m)));
            }
        }
    }

    private static void checkArray(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
        int size = value.size();
        if (schema.has("minItems") && size < schema.get("minItems").asLong()) {
            errors.add(FieldError.invalid(path, size, name(path) + " in body should have at least "
                    + schema.get("minItems").asLong() + " items"));
        }
        if (schema.has("maxItems") && size > schema.get("maxItems").asLong()) {
            errors.add(new FieldError(FieldError.Type.TOO_MANY, path, size,
                    "must have at most " + schema.get("maxItems").asLong() + " items"));
        }
        String listType = schema.path("x-kubernetes-list-type").asString("");
        if (schema.path("uniqueItems").asBoolean(false) || listType.equals("set")) {
            Set<JsonNode> seen = new HashSet<>();
            for (int i = 0; i < size; i++) {
                if (!seen.add(value.get(i))) {
                    errors.add(FieldError.duplicate(path + "[" + i + "]", plain(value.get(i))));
                }
            }
        } else if (listType.equals("map")) {
            Set<List<JsonNode>> seen = new HashSet<>();
            for (int i = 0; i < size; i++) {
                List<JsonNode> key = new ArrayList<>();
                for (JsonNode k : schema.path("x-kubernetes-list-map-keys")) {
                    key.add(value.get(i).path(k.asString("")));
                }
                if (!seen.add(key)) {
                    errors.add(FieldError.duplicate(path + "[" + i + "]", value.get(i).toString()));
                }
            }
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            for (int i = 0; i < size; i++) {
                check(value.get(i), items, path + "[" + i + "]", errors);
            }
        }
    }

    private static void checkObject(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
        int size = value.size();
        if (schema.has("minProperties") && size < schema.get("minProperties").asLong()) {
            errors.add(FieldError.invalid(path, size, name(path) + " in body should have at least "
                    + schema.get("minProperties").asLong() + " properties"));
        }
        if (schema.has("maxProperties") && size > schema.get("maxProperties").asLong()) {
            errors.add(new FieldError(FieldError.Type.TOO_MANY, path, size,
                    "must have at most " + schema.get("maxProperties").asLong() + " items"));
        }
        for (JsonNode r : schema.path("required")) {
            String field = r.asString("");
            if (!value.has(field)) {
                errors.add(FieldError.required(child(path, field), ""));
            }
        }
        if (schema.path("x-kubernetes-embedded-resource").asBoolean(false)) {
            for (String field : new String[] {"apiVersion", "kind"}) {
                if (value.path(field).asString("").isEmpty()) {
                    errors.add(FieldError.required(child(path, field), "must not be empty"));
                }
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            JsonNode fieldSchema = properties.get(e.getKey());
            if (fieldSchema == null && additional != null && additional.isObject()) {
                fieldSchema = additional;
            }
            if (fieldSchema != null) {
                if (path.isEmpty() && e.getKey().equals("metadata")) {
                    continue;
                }
                check(e.getValue(), fieldSchema, child(path, e.getKey()), errors);
            }
        }
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String name(String path) {
        return path.isEmpty() ? "body" : path;
    }

    private static FieldError typeError(String path, String want, String got) {
        return FieldError.invalid(path, got, name(path) + " in body must be of type " + want + ": " + quote(got));
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    /** The JSON type upstream names in messages. */
    private static String typeName(JsonNode value) {
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isObject()) {
            return "object";
        }
        return value.isString() ? "string" : "null";
    }

    private static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** A value as FieldError prints it: strings quoted, numbers and booleans bare. */
    static Object plain(JsonNode v) {
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return number(v.decimalValue());
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return new Raw(v.toString());
    }

    /** Printed as is, unquoted. */
    private record Raw(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static Object number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return new Raw(s.scale() <= 0 ? s.toBigInteger().toString() : s.toPlainString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
