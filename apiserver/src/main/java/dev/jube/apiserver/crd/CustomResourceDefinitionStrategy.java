package dev.jube.apiserver.crd;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CustomResourceDefinitions as upstream stores them: names and conversion defaulted, the storage
 * version recorded in status.storedVersions, validation of names, versions and structural
 * schemas, and a delete that only marks the CRD (Terminating, with the cleanup finalizer) so
 * that its custom resources are removed before it goes.
 */
public final class CustomResourceDefinitionStrategy extends GenericStrategy {

    /** Held by a CRD being deleted until its custom resources are gone. */
    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        defaults(obj);
        ObjectNode status = obj.putObject("status");
        status.putObject("acceptedNames").put("plural", "").put("kind", "");
        status.putArray("conditions");
        recordStorageVersion(obj);
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        defaults(obj);
        recordStorageVersion(obj);
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        return CustomResourceDefinitionValidation.validate(obj);
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        return CustomResourceDefinitionValidation.validateUpdate(obj, old);
    }

    /** A CRD not yet marked is only marked on delete: its custom resources go first. */
    @Override
    public boolean holdsDeletion(ObjectNode obj) {
        return !obj.path("metadata").has("deletionTimestamp");
    }

    @Override
    public void markedForDeletion(ObjectNode obj) {
        ObjectNode meta = Json.child(obj, "metadata");
        boolean has = false;
        for (JsonNode f : meta.path("finalizers")) {
            has |= CLEANUP_FINALIZER.equals(f.asString(""));
        }
        if (!has) {
            meta.withArray("finalizers").add(CLEANUP_FINALIZER);
        }
        setCondition(obj, "Terminating", "True", "InstanceDeletionPending",
                "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon");
    }

    /** Sets one status condition, keeping its lastTransitionTime when the status does not change. */
    static void setCondition(ObjectNode crd, String type, String status, String reason, String message) {
        ArrayNode conditions = Json.child(crd, "status").withArray("conditions");
        for (JsonNode c : conditions) {
            if (type.equals(c.path("type").asString(""))) {
                ObjectNode o = (ObjectNode) c;
                if (!status.equals(o.path("status").asString(""))) {
                    o.put("lastTransitionTime", Json.timestamp(Instant.now()));
                }
                o.put("status", status);
                o.put("reason", reason);
                o.put("message", message);
                return;
            }
        }
        ObjectNode c = conditions.addObject();
        c.put("type", type);
        c.put("status", status);
        c.put("lastTransitionTime", Json.timestamp(Instant.now()));
        c.put("reason", reason);
        c.put("message", message);
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Json.child(obj, "spec");
        ObjectNode names = Json.child(spec, "names");
        String kind = names.path("kind").asString("");
        if (names.path("singular").asString("").isEmpty() && !kind.isEmpty()) {
            names.put("singular", kind.toLowerCase());
        }
        if (names.path("listKind").asString("").isEmpty() && !kind.isEmpty()) {
            names.put("listKind", kind + "List");
        }
        if (!spec.path("conversion").isObject()) {
            spec.putObject("conversion").put("strategy", "None");
        }
    }

    private static void recordStorageVersion(ObjectNode obj) {
        for (JsonNode v : obj.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                ArrayNode stored = Json.child(obj, "status").withArray("storedVersions");
                String name = v.path("name").asString("");
                boolean present = false;
                for (JsonNode s : stored) {
                    present |= name.equals(s.asString(""));
                }
                if (!present && !name.isEmpty()) {
                    stored.add(name);
                }
            }
        }
    }
}
