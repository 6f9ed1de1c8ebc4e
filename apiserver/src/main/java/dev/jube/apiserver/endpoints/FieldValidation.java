package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.openapi.KindSchemas;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fieldValidation parameter of writes, as upstream: fields the kind's schema does not declare
 * are dropped silently (Ignore), dropped with a Warning header each (Warn, the default), or make
 * the request a 400 (Strict). A value of the wrong type is a 400 in every mode.
 */
final class FieldValidation {

    enum Mode { IGNORE, WARN, STRICT }

    private final KindSchemas schemas;

    FieldValidation(KindSchemas schemas) {
        this.schemas = schemas;
    }

    /** The request's mode; {@code options} names the options kind in upstream's 422 for a bad value. */
    static Mode mode(Request r, String options) {
        String v = r.http().param("fieldValidation");
        if (v == null || v.isEmpty()) {
            return Mode.WARN;
        }
        return switch (v) {
            case "Ignore" -> Mode.IGNORE;
            case "Warn" -> Mode.WARN;
            case "Strict" -> Mode.STRICT;
            default -> throw FieldTracking.invalidOptions(options, "fieldValidation: Unsupported value: \"" + v
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        };
    }

    /**
     * Checks a decoded request object: strict requests with unknown fields fail as upstream's
     * decoder does ("Pod in version "v1" cannot be handled as a Pod: strict decoding error: ...");
     * otherwise the fields are dropped and returned, for {@link #warn}.
     */
    List<String> checkDecoded(ResourceDescriptor d, ObjectNode obj, Mode mode) {
        List<String> unknown;
        try {
            unknown = schemas.unknownFields(d.group(), d.version(), d.kind(), obj, mode != Mode.STRICT, d.builtin());
        } catch (KindSchemas.WrongTypeException e) {
            throw ApiException.badRequest(d.kind() + " in version \"" + d.version() + "\" cannot be handled as a "
                    + d.kind() + ": " + e.getMessage());
        }
        if (!unknown.isEmpty() && mode == Mode.STRICT) {
            throw ApiException.badRequest(d.kind() + " in version \"" + d.version() + "\" cannot be handled as a "
                    + d.kind() + ": " + strictMessage(unknown));
        }
        return mode == Mode.WARN ? unknown : List.of();
    }

    /** As {@link #checkDecoded} for the result of a patch, whose 400 carries only the decoding error. */
    List<String> checkPatched(ResourceDescriptor d, ObjectNode obj, Mode mode) {
        List<String> unknown;
        try {
            unknown = schemas.unknownFields(d.group(), d.version(), d.kind(), obj, mode != Mode.STRICT, d.builtin());
        } catch (KindSchemas.WrongTypeException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (!unknown.isEmpty() && mode == Mode.STRICT) {
            throw ApiException.badRequest(strictMessage(unknown));
        }
        return mode == Mode.WARN ? unknown : List.of();
    }

    private static String strictMessage(List<String> unknown) {
        StringBuilder b = new StringBuilder("strict decoding error: ");
        for (int i = 0; i < unknown.size(); i++) {
            b.append(i == 0 ? "" : ", ").append("unknown field \"").append(unknown.get(i)).append('"');
        }
        return b.toString();
    }

    /** One Warning header per unknown field: {@code 299 - "unknown field \"spec.x\""}. */
    static void warn(Request r, Collection<String> unknown) {
        for (String field : unknown) {
            String text = "unknown field \"" + field + "\"";
            r.responder().header("Warning", "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
    }
}
