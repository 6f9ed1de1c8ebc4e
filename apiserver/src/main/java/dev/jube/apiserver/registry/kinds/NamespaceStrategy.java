package dev.jube.apiserver.registry.kinds;

import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces start Active with the kubernetes finalizer and carry their name as a label. Deleting
 * one makes it Terminating; it stays until its spec.finalizers are emptied through the finalize
 * subresource (by the namespace controller, once the namespace's content is gone).
 */
public final class NamespaceStrategy extends GenericStrategy {

    static final String NAME_LABEL = "kubernetes.io/metadata.name";

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        ObjectNode spec = Fields.child(obj, "spec");
        if (!spec.has("finalizers")) {
            spec.putArray("finalizers").add("kubernetes");
        }
        obj.putObject("status").put("phase", "Active");
        nameLabel(obj);
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        // spec.finalizers changes only through the finalize subresource.
        if (old.get("spec") != null) {
            obj.set("spec", old.get("spec").deepCopy());
        }
        nameLabel(obj);
    }

    @Override
    public boolean holdsDeletion(ObjectNode obj) {
        JsonNode finalizers = obj.path("spec").path("finalizers");
        return finalizers.isArray() && !finalizers.isEmpty();
    }

    /** As upstream: a Terminating namespace still holding spec.finalizers answers a second delete with 409. */
    @Override
    public String refuseRepeatedDelete(ObjectNode obj) {
        return holdsDeletion(obj) ? "The system is ensuring all content is removed from this namespace.  Upon "
                + "completion, this namespace will automatically be purged by the system." : null;
    }

    @Override
    public void markedForDeletion(ObjectNode obj) {
        Fields.child(obj, "status").put("phase", "Terminating");
    }

    @Override
    public ObjectNode prepareForFinalize(ResourceDescriptor d, ObjectNode incoming, ObjectNode old) {
        ObjectNode updated = old.deepCopy();
        JsonNode finalizers = incoming.path("spec").get("finalizers");
        ObjectNode spec = Fields.child(updated, "spec");
        if (finalizers == null || finalizers.isNull()) {
            spec.remove("finalizers");
        } else {
            spec.set("finalizers", finalizers.deepCopy());
        }
        return updated;
    }

    private static void nameLabel(ObjectNode obj) {
        String name = Fields.string(obj.path("metadata"), "name");
        if (!name.isEmpty()) {
            Fields.child(Fields.child(obj, "metadata"), "labels").put(NAME_LABEL, name);
        }
    }
}
