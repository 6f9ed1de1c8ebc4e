package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** StorageClasses: reclaim Delete and bind Immediate by default; the provisioner is required and fixed. */
public final class StorageClassStrategy extends GenericStrategy {

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        Fields.defaultString(obj, "reclaimPolicy", "Delete");
        Fields.defaultString(obj, "volumeBindingMode", "Immediate");
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        if (Fields.string(obj, "provisioner").isEmpty()) {
            errors.add(FieldError.required("provisioner", ""));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        List<FieldError> errors = validate(d, obj);
        for (String f : new String[] {"provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"}) {
            if (!Fields.same(obj.get(f), old.get(f))) {
                errors.add(FieldError.forbidden(f, "updates to " + f + " are forbidden."));
            }
        }
        return errors;
    }
}
