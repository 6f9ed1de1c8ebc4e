package dev.jube.apiserver.registry.kinds;

import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import tools.jackson.databind.node.ObjectNode;

/** Namespaces start Active with the kubernetes finalizer and carry their name as a label. */
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
        // spec.finalizers changes only through the finalize subresource; the phase only by deletion.
        if (old.get("spec") != null) {
            obj.set("spec", old.get("spec").deepCopy());
        }
        if ("Terminating".equals(old.path("status").path("phase").asString(""))) {
            Fields.child(obj, "status").put("phase", "Terminating");
        }
        nameLabel(obj);
    }

    /** Upstream keeps a deleted namespace, Terminating, until its spec.finalizers are all removed. */
    @Override
    public boolean holdsDeletion(ObjectNode obj) {
        var finalizers = obj.path("spec").path("finalizers");
        return finalizers.isArray() && !finalizers.isEmpty();
    }

    @Override
    public void prepareForDeletion(ObjectNode obj) {
        Fields.child(obj, "status").put("phase", "Terminating");
    }

    private static void nameLabel(ObjectNode obj) {
        String name = Fields.string(obj.path("metadata"), "name");
        if (!name.isEmpty()) {
            Fields.child(Fields.child(obj, "metadata"), "labels").put(NAME_LABEL, name);
        }
    }
}
