package dev.jube.apiserver.registry.kinds;

import dev.jube.api.selector.LabelSelector;
import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** NetworkPolicies: policyTypes default to Ingress, plus Egress when egress rules are given. */
public final class NetworkPolicyStrategy extends GenericStrategy {

    static final List<String> TYPES = List.of("Ingress", "Egress");

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        defaults(obj);
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        defaults(obj);
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Fields.child(obj, "spec");
        if (!spec.has("podSelector")) {
            spec.putObject("podSelector");
        }
        if (Fields.array(spec, "policyTypes").isEmpty()) {
            ArrayNode types = spec.putArray("policyTypes");
            types.add("Ingress");
            if (spec.has("egress")) {
                types.add("Egress");
            }
        }
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        errors.addAll(LabelSelector.validate(obj.path("spec").get("podSelector"), "spec.podSelector"));
        for (var t : Fields.array(obj.path("spec"), "policyTypes")) {
            if (!TYPES.contains(t.asString(""))) {
                errors.add(FieldError.notSupported("spec.policyTypes", t.asString(""), TYPES));
            }
        }
        return errors;
    }
}
