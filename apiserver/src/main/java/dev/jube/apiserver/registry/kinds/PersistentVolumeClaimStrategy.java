package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** PersistentVolumeClaims: Filesystem mode, Pending; the spec is fixed except the storage request. */
public final class PersistentVolumeClaimStrategy extends GenericStrategy {

    static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
            "ReadWriteOncePod");

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        Fields.defaultString(Fields.child(obj, "spec"), "volumeMode", "Filesystem");
        obj.putObject("status").put("phase", "Pending");
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        Fields.defaultString(Fields.child(obj, "spec"), "volumeMode", "Filesystem");
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        JsonNode spec = obj.path("spec");
        if (Fields.array(spec, "accessModes").isEmpty()) {
            errors.add(FieldError.required("spec.accessModes", "at least 1 access mode is required"));
        }
        for (JsonNode mode : Fields.array(spec, "accessModes")) {
            if (!ACCESS_MODES.contains(mode.asString(""))) {
                errors.add(FieldError.notSupported("spec.accessModes", mode.asString(""), ACCESS_MODES));
            }
        }
        JsonNode storage = spec.path("resources").path("requests").get("storage");
        if (storage == null || storage.isNull()) {
            if (!Fields.has(spec, "dataSource") && !Fields.has(spec, "dataSourceRef")) {
                errors.add(FieldError.required("spec.resources[storage]", ""));
            }
        } else {
            PodSpecs.checkQuantity(storage, "spec.resources.requests[storage]", errors);
        }
        String mode = Fields.string(spec, "volumeMode");
        if (!mode.isEmpty() && !mode.equals("Filesystem") && !mode.equals("Block")) {
            errors.add(FieldError.notSupported("spec.volumeMode", mode, List.of("Block", "Filesystem")));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        List<FieldError> errors = validate(d, obj);
        ObjectNode a = obj.path("spec") instanceof ObjectNode s ? s.deepCopy() : Fields.child(obj, "spec");
        ObjectNode b = old.path("spec") instanceof ObjectNode s ? s.deepCopy() : Fields.child(old, "spec");
        for (ObjectNode spec : new ObjectNode[] {a, b}) {
            if (spec.path("resources").get("requests") instanceof ObjectNode requests) {
                requests.remove("storage");
            }
            spec.remove("volumeAttributesClassName");
            // A claim bound after creation gets its volume name filled in by the binder.
            if (Fields.string(b, "volumeName").isEmpty()) {
                spec.remove("volumeName");
            }
        }
        if (!a.equals(b)) {
            errors.add(FieldError.forbidden("spec", "spec is immutable after creation except resources.requests and "
                    + "volumeAttributesClassName for bound claims"));
        }
        return errors;
    }
}
