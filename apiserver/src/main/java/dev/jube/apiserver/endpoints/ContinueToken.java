package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.json.Json;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A list continuation: the revision the first page was read at and the key to start after,
 * relative to the list's prefix (so a token cannot reach outside the list it came from).
 */
record ContinueToken(long revision, String start) {

    String encode() {
        ObjectNode t = Json.object();
        t.put("v", "meta.k8s.io/v1");
        t.put("rv", revision);
        t.put("start", start);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(t));
    }

    static ContinueToken decode(String token) {
        try {
            JsonNode t = Json.parse(Base64.getUrlDecoder().decode(token.trim()));
            if (!"meta.k8s.io/v1".equals(t.path("v").asString("")) || !t.path("rv").canConvertToLong()
                    || t.path("rv").asLong() <= 0 || !t.path("start").isString()) {
                throw new IllegalArgumentException("unknown token format");
            }
            String start = t.get("start").asString();
            if (start.startsWith("/") || start.contains("..")) {
                throw new IllegalArgumentException("invalid start key");
            }
            return new ContinueToken(t.get("rv").asLong(), start);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
