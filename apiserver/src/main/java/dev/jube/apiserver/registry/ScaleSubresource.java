package dev.jube.apiserver.registry;

import dev.jube.api.selector.LabelSelector;
import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.json.Json;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code scale} subresource of workloads: an autoscaling/v1 Scale whose spec.replicas is the
 * object's spec.replicas and whose status carries the observed replicas and the pod selector as a
 * label selector string, as {@code kubectl scale} and autoscalers expect.
 */
public final class ScaleSubresource {

    public static final String API_VERSION = "autoscaling/v1";
    public static final String KIND = "Scale";

    private ScaleSubresource() {}

    /** The Scale view of a stored object. */
    public static ObjectNode read(ResourceDescriptor d, ObjectNode obj) {
        ObjectNode scale = Json.object();
        scale.put("kind", KIND);
        scale.put("apiVersion", API_VERSION);
        ObjectNode meta = scale.putObject("metadata");
        JsonNode m = obj.path("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (m.has(f)) {
                meta.set(f, m.get(f).deepCopy());
            }
        }
        ResourceDescriptor.ScalePaths paths = d.scalePaths();
        if (paths != null) {
            scale.putObject("spec").put("replicas", at(obj, paths.specReplicasPath()).asInt(0));
            ObjectNode status = scale.putObject("status");
            status.put("replicas", at(obj, paths.statusReplicasPath()).asInt(0));
            if (paths.labelSelectorPath() != null) {
                String selector = at(obj, paths.labelSelectorPath()).asString("");
                if (!selector.isEmpty()) {
                    status.put("selector", selector);
                }
            }
            return scale;
        }
        scale.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", obj.path("status").path("replicas").asInt(0));
        String selector = selectorString(d, obj);
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    /** The object to store after a write of its Scale: only spec.replicas changes. */
    public static ObjectNode write(ResourceDescriptor d, ObjectNode scale, ObjectNode old) {
        JsonNode replicas = scale.path("spec").get("replicas");
        if (replicas != null && !replicas.isNull() && !replicas.isIntegralNumber()) {
            throw new InvalidObjectException(FieldError.invalid("spec.replicas", replicas.toString(),
                    "must be an integer"));
        }
        long n = replicas == null || replicas.isNull() ? 0 : replicas.asLong();
        if (n < 0) {
            throw new InvalidObjectException(FieldError.invalid("spec.replicas", n,
                    "must be greater than or equal to 0"));
        }
        if (n > Integer.MAX_VALUE) {
            throw new InvalidObjectException(FieldError.invalid("spec.replicas", n, "must be a 32-bit integer"));
        }
        ObjectNode updated = old.deepCopy();
        if (d.scalePaths() != null) {
            String[] fields = d.scalePaths().specReplicasPath().substring(1).split("\\.");
            ObjectNode parent = updated;
            for (int i = 0; i < fields.length - 1; i++) {
                parent = Json.child(parent, fields[i]);
            }
            parent.put(fields[fields.length - 1], (int) n);
            return updated;
        }
        Json.child(updated, "spec").put("replicas", (int) n);
        return updated;
    }

    /** The value at a simple JSON path such as {@code .status.replicas} (missing when absent). */
    private static JsonNode at(JsonNode obj, String path) {
        JsonNode n = obj;
        for (String field : path.substring(1).split("\\.")) {
            n = n.path(field);
        }
        return n;
    }

    /** Accepts only autoscaling/v1 Scale bodies (kind and apiVersion may be left out). */
    public static void checkTypeMeta(ObjectNode body) {
        String kind = body.path("kind").asString("");
        String apiVersion = body.path("apiVersion").asString("");
        if (!kind.isEmpty() && !kind.equals(KIND)) {
            throw new IllegalArgumentException("the object provided is unrecognized (must be of type Scale): kind \""
                    + kind + "\"");
        }
        if (!apiVersion.isEmpty() && !apiVersion.equals(API_VERSION)) {
            throw new IllegalArgumentException("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + API_VERSION + ")");
        }
        body.put("kind", KIND);
        body.put("apiVersion", API_VERSION);
    }

    /** spec.selector as the string form ({@code app=web,tier in (a,b)}); ReplicationControllers use a plain map. */
    static String selectorString(ResourceDescriptor d, ObjectNode obj) {
        JsonNode sel = obj.path("spec").get("selector");
        if (sel == null || !sel.isObject()) {
            return "";
        }
        try {
            if (d.kind().equals("ReplicationController")) {
                StringBuilder b = new StringBuilder();
                for (Map.Entry<String, JsonNode> e : sel.properties()) {
                    b.append(b.isEmpty() ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asString());
                }
                return b.toString();
            }
            return LabelSelector.fromJson(sel).toString();
        } catch (RuntimeException e) {
            return "";
        }
    }
}
