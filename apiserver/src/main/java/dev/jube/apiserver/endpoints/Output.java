package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The representation chosen for a response from the Accept header: JSON or YAML, and whether
 * objects are converted to a meta.k8s.io Table.
 */
public record Output(boolean yaml, boolean table, String tableVersion, String includeObject) {

    public static final String ACCEPTED = "application/json, application/yaml, application/vnd.kubernetes.protobuf";

    /** Picks the first acceptable type; {@code tableAllowed} is false for non-object responses. */
    public static Output negotiate(String accept, boolean tableAllowed, String includeObject) {
        List<MediaType> types = MediaType.parseAccept(accept);
        for (MediaType t : types) {
            String as = t.as();
            if (as == null) {
                if (t.acceptsJson()) {
                    return new Output(false, false, null, includeObject);
                }
                if (t.isYaml()) {
                    return new Output(true, false, null, includeObject);
                }
                continue;
            }
            if (as.equals("Table") && tableAllowed && "meta.k8s.io".equals(t.param("g"))
                    && ("v1".equals(t.param("v")) || "v1beta1".equals(t.param("v")))
                    && (t.acceptsJson() || t.isYaml())) {
                return new Output(t.isYaml(), true, t.param("v"), includeObject);
            }
        }
        throw ApiException.notAcceptable("only the following media types are accepted: " + ACCEPTED);
    }

    public static final Output JSON = new Output(false, false, null, null);

    public String contentType() {
        return yaml ? "application/yaml" : "application/json";
    }

    public byte[] encode(JsonNode node) {
        return yaml ? Json.yamlBytes(node) : Json.bytes(node);
    }
}
