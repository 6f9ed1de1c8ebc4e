package dev.jube.apiserver.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields a kind can be filtered on with {@code fieldSelector}, and how to read each from a
 * stored object. Every kind has {@code metadata.name} and {@code metadata.namespace}; the
 * built-in kinds add the ones upstream supports for them. Values are rendered as upstream's
 * field sets render them: absent strings are empty, booleans and counts are printed.
 */
public final class SelectableFields {

    private SelectableFields() {}

    /** The fields of a kind: the metadata ones plus upstream's extra ones for built-in kinds. */
    public static Map<String, Function<ObjectNode, String>> forKind(String group, String kind) {
        Map<String, Function<ObjectNode, String>> fields = new LinkedHashMap<>();
        fields.put("metadata.name", text("metadata", "name"));
        fields.put("metadata.namespace", text("metadata", "namespace"));
        switch (group + "/" + kind) {
            case "/Pod" -> {
                fields.put("spec.nodeName", text("spec", "nodeName"));
                fields.put("spec.restartPolicy", text("spec", "restartPolicy"));
                fields.put("spec.schedulerName", text("spec", "schedulerName"));
                fields.put("spec.serviceAccountName", text("spec", "serviceAccountName"));
                fields.put("spec.hostNetwork", bool("spec", "hostNetwork"));
                fields.put("status.phase", text("status", "phase"));
                fields.put("status.podIP", text("status", "podIP"));
                fields.put("status.nominatedNodeName", text("status", "nominatedNodeName"));
            }
            case "/Event" -> {
                for (String f : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion",
                        "fieldPath"}) {
                    fields.put("involvedObject." + f, text("involvedObject", f));
                }
                fields.put("reason", text("reason"));
                fields.put("reportingComponent", text("reportingComponent"));
                fields.put("source", text("source", "component"));
                fields.put("type", text("type"));
            }
            case "/Secret" -> fields.put("type", text("type"));
            case "/Node" -> fields.put("spec.unschedulable", bool("spec", "unschedulable"));
            case "/Namespace" -> fields.put("status.phase", text("status", "phase"));
            case "/ReplicationController", "apps/ReplicaSet" -> fields.put("status.replicas", count("status", "replicas"));
            case "batch/Job" -> fields.put("status.successful", count("status", "succeeded"));
            case "certificates.k8s.io/CertificateSigningRequest" -> fields.put("spec.signerName", text("spec", "signerName"));
            default -> { }
        }
        return fields;
    }

    private static JsonNode at(ObjectNode obj, String... path) {
        JsonNode n = obj;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    private static Function<ObjectNode, String> text(String... path) {
        return obj -> {
            JsonNode n = at(obj, path);
            return n.isValueNode() && !n.isNull() ? n.asString() : "";
        };
    }

    private static Function<ObjectNode, String> bool(String... path) {
        return obj -> Boolean.toString(at(obj, path).asBoolean(false));
    }

    private static Function<ObjectNode, String> count(String... path) {
        return obj -> Long.toString(at(obj, path).asLong(0));
    }
}
