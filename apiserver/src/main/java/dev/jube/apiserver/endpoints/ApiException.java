package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.json.Json;
import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request failure that becomes an upstream-shaped {@code Status} body. The factories reproduce
 * upstream's reasons, codes and messages so clients (kubectl, client-go, fabric8) react the same.
 */
public final class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final ObjectNode details;

    public ApiException(int code, String reason, String message, ObjectNode details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** The {@code Status} object of this failure. */
    public ObjectNode status() {
        return status(code, reason, getMessage(), details);
    }

    public static ObjectNode status(int code, String reason, String message, ObjectNode details) {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", code < 400 ? "Success" : "Failure");
        if (message != null) {
            s.put("message", message);
        }
        if (reason != null && !reason.isEmpty()) {
            s.put("reason", reason);
        }
        if (details != null) {
            s.set("details", details);
        }
        s.put("code", code);
        return s;
    }

    private static ObjectNode details(String name, ResourceDescriptor d) {
        ObjectNode det = Json.object();
        if (name != null && !name.isEmpty()) {
            det.put("name", name);
        }
        if (d != null) {
            if (!d.group().isEmpty()) {
                det.put("group", d.group());
            }
            det.put("kind", d.resource());
        }
        return det;
    }

    public static ApiException notFound(ResourceDescriptor d, String name) {
        return new ApiException(404, "NotFound", d.qualifiedResource() + " \"" + name + "\" not found", details(name, d));
    }

    /** A namespace (or other object of another kind) that a request depends on is missing. */
    public static ApiException namespaceNotFound(String namespace) {
        ObjectNode det = Json.object();
        det.put("name", namespace);
        det.put("kind", "namespaces");
        return new ApiException(404, "NotFound", "namespaces \"" + namespace + "\" not found", det);
    }

    public static ApiException pathNotFound() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", Json.object());
    }

    public static ApiException alreadyExists(ResourceDescriptor d, String name) {
        return new ApiException(409, "AlreadyExists", d.qualifiedResource() + " \"" + name + "\" already exists",
                details(name, d));
    }

    public static ApiException conflict(ResourceDescriptor d, String name, String why) {
        return new ApiException(409, "Conflict",
                "Operation cannot be fulfilled on " + d.qualifiedResource() + " \"" + name + "\": " + why,
                details(name, d));
    }

    public static ApiException staleUpdate(ResourceDescriptor d, String name) {
        return conflict(d, name, "the object has been modified; please apply your changes to the latest version and try again");
    }

    public static ApiException invalid(ResourceDescriptor d, String name, List<FieldError> errors) {
        ObjectNode det = Json.object();
        det.put("name", name == null ? "" : name);
        if (!d.group().isEmpty()) {
            det.put("group", d.group());
        }
        det.put("kind", d.kind());
        ArrayNode causes = det.putArray("causes");
        StringBuilder msg = new StringBuilder(d.kind()).append(" \"").append(name == null ? "" : name)
                .append("\" is invalid: ");
        if (errors.size() > 1) {
            msg.append('[');
        }
        for (int i = 0; i < errors.size(); i++) {
            FieldError e = errors.get(i);
            ObjectNode cause = causes.addObject();
            cause.put("reason", e.type().causeType());
            cause.put("message", e.body());
            cause.put("field", e.field());
            msg.append(i == 0 ? "" : ", ").append(e.message());
        }
        if (errors.size() > 1) {
            msg.append(']');
        }
        return new ApiException(422, "Invalid", msg.toString(), det);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null);
    }

    public static ApiException methodNotSupported(String verb, ResourceDescriptor d) {
        ObjectNode det = Json.object();
        if (d != null) {
            if (!d.group().isEmpty()) {
                det.put("group", d.group());
            }
            det.put("kind", d.resource());
        }
        return new ApiException(405, "MethodNotAllowed",
                verb == null ? "the server does not allow this method on the requested resource"
                        : verb + " is not supported on resources of kind \"" + (d == null ? "" : d.resource()) + "\"",
                det);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "RequestEntityTooLarge", message, null);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UnsupportedMediaType", message, null);
    }

    public static ApiException notAcceptable(String message) {
        return new ApiException(406, "NotAcceptable", message, null);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "Unauthorized", "Unauthorized", null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message, null);
    }

    public static ApiException gone(String message) {
        return new ApiException(410, "Expired", message, null);
    }

    public static ApiException timeout(String message) {
        return new ApiException(504, "Timeout", message, null);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "InternalError", "Internal error occurred: " + message, null);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, null);
    }
}
