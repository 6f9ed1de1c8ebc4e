package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.http.ApiRequest;
import tools.jackson.databind.JsonNode;

/** The parts of a DeleteOptions body (or the same query parameters) that the handlers honour. */
record DeleteOptions(Long gracePeriodSeconds, String uid, String resourceVersion, boolean dryRun,
                     String propagationPolicy) {

    static DeleteOptions from(ApiRequest req) {
        JsonNode body = Bodies.tree(req);
        if (body != null && !body.isObject()) {
            throw ApiException.badRequest("the request body must be a DeleteOptions object");
        }
        return of(body, req.param("propagationPolicy"), req.param("gracePeriodSeconds"));
    }

    /** The options in a DeleteOptions object nested in another body (an Eviction's deleteOptions); null for none. */
    static DeleteOptions of(JsonNode body) {
        if (body != null && !body.isNull() && !body.isObject()) {
            throw ApiException.badRequest("deleteOptions must be a DeleteOptions object");
        }
        return of(body == null || body.isNull() ? null : body, null, null);
    }

    private static DeleteOptions of(JsonNode body, String propagationParam, String graceParam) {
        Long grace = null;
        String uid = null;
        String rv = null;
        boolean dryRun = false;
        String propagation = propagationParam;
        if (graceParam != null) {
            try {
                grace = Long.parseLong(graceParam);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("gracePeriodSeconds must be an integer: " + graceParam);
            }
        }
        if (body != null) {
            JsonNode g = body.get("gracePeriodSeconds");
            if (g != null && !g.isNull()) {
                if (!g.canConvertToLong()) {
                    throw ApiException.badRequest("gracePeriodSeconds must be an integer");
                }
                grace = g.asLong();
            }
            JsonNode pre = body.get("preconditions");
            if (pre != null && pre.isObject()) {
                uid = text(pre.get("uid"));
                rv = text(pre.get("resourceVersion"));
            }
            JsonNode dr = body.get("dryRun");
            if (dr != null && dr.isArray()) {
                for (JsonNode v : dr) {
                    if (!"All".equals(v.asString())) {
                        throw ApiException.badRequest("Invalid dry run value: \"" + v.asString() + "\": supported values: \"All\"");
                    }
                    dryRun = true;
                }
            }
            String p = text(body.get("propagationPolicy"));
            if (p != null) {
                propagation = p;
            }
        }
        if (propagation != null && !propagation.equals("Orphan") && !propagation.equals("Background")
                && !propagation.equals("Foreground")) {
            throw ApiException.badRequest("propagationPolicy must be one of Orphan, Background, Foreground: " + propagation);
        }
        return new DeleteOptions(grace, uid, rv, dryRun, propagation);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.asString().isEmpty() ? null : n.asString();
    }
}
