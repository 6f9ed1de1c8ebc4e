package dev.jube.apiserver.registry.kinds;

import dev.jube.api.selector.LabelSelector;
import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the replicated workloads share: pod template defaults, a selector that must match the
 * template's labels and may not change, template restart policy Always, and replicas that are
 * not negative. Each kind adds its own spec defaults.
 */
abstract class WorkloadStrategy extends GenericStrategy {

    /** Kind-specific spec defaults (the pod template's are applied by this class). */
    abstract void specDefaults(ObjectNode spec);

    /** Whether spec.replicas exists for the kind. */
    boolean hasReplicas() {
        return true;
    }

    /** The kind's name in upstream's empty-selector message (e.g. "deployment"). */
    abstract String noun();

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

    void defaults(ObjectNode obj) {
        ObjectNode spec = Fields.child(obj, "spec");
        if (hasReplicas()) {
            Fields.defaultInt(spec, "replicas", 1);
        }
        specDefaults(spec);
        if (spec.get("template") instanceof ObjectNode template && template.get("spec") instanceof ObjectNode podSpec) {
            PodSpecs.applyDefaults(podSpec);
        }
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        JsonNode spec = obj.path("spec");
        if (hasReplicas()) {
            validateReplicas(spec, errors);
        }
        validateSelectorAndTemplate(spec, errors);
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        List<FieldError> errors = validate(d, obj);
        JsonNode selector = obj.path("spec").get("selector");
        if (!Fields.same(selector, old.path("spec").get("selector"))) {
            errors.add(FieldError.invalid("spec.selector", shownSelector(selector), "field is immutable"));
        }
        return errors;
    }

    static void validateReplicas(JsonNode spec, List<FieldError> errors) {
        JsonNode replicas = spec.get("replicas");
        if (replicas != null && replicas.isNumber() && replicas.asLong() < 0) {
            errors.add(FieldError.invalid("spec.replicas", replicas.asLong(), "must be greater than or equal to 0"));
        }
    }

    void validateSelectorAndTemplate(JsonNode spec, List<FieldError> errors) {
        JsonNode selectorNode = spec.get("selector");
        LabelSelector selector = null;
        if (selectorNode == null || selectorNode.isNull()) {
            errors.add(FieldError.required("spec.selector", ""));
        } else {
            List<FieldError> selectorErrors = LabelSelector.validate(selectorNode, "spec.selector");
            errors.addAll(selectorErrors);
            if (selectorErrors.isEmpty()) {
                selector = LabelSelector.fromJson(selectorNode);
                if (selector.isEverything()) {
                    errors.add(FieldError.invalid("spec.selector", shownSelector(selectorNode),
                            "empty selector is invalid for " + noun()));
                    selector = null;
                }
            }
        }
        validateTemplate(spec.get("template"), selector, "spec.template", errors);
    }

    /** A template whose labels the selector must match, with restart policy Always. */
    static void validateTemplate(JsonNode template, LabelSelector selector, String path, List<FieldError> errors) {
        if (template == null || template.isNull()) {
            errors.add(FieldError.required(path, ""));
            return;
        }
        Map<String, String> labels = Fields.stringMap(template.path("metadata"), "labels");
        if (selector != null && !selector.matches(labels)) {
            errors.add(FieldError.invalid(path + ".metadata.labels", Fields.goMap(labels),
                    "`selector` does not match template `labels`"));
        }
        PodSpecs.validateTemplate(template, path, errors);
        String restart = Fields.string(template.path("spec"), "restartPolicy");
        if (!restart.isEmpty() && !restart.equals("Always")) {
            errors.add(FieldError.notSupported(path + ".spec.restartPolicy", restart, List.of("Always")));
        }
        if (Fields.has(template.path("spec"), "activeDeadlineSeconds")) {
            errors.add(FieldError.forbidden(path + ".spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in ReplicaSet is not Supported"));
        }
    }

    /** A selector printed as upstream prints a metav1.LabelSelector value. */
    static Object shownSelector(JsonNode selector) {
        if (selector == null || selector.isNull()) {
            return new Fields.Raw("nil");
        }
        Map<String, String> match = Fields.stringMap(selector, "matchLabels");
        String exprs = selector.has("matchExpressions") ? Fields.shown(selector.get("matchExpressions")).toString()
                : "[]v1.LabelSelectorRequirement(nil)";
        return new Fields.Raw("v1.LabelSelector{MatchLabels:" + (match.isEmpty() ? "map[string]string(nil)"
                : Fields.goMap(match)) + ", MatchExpressions:" + exprs + "}");
    }

    /** Validates an int-or-percent rolling update bound, returning whether it is zero. */
    static boolean validateIntOrPercent(JsonNode v, String path, List<FieldError> errors) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isIntegralNumber()) {
            if (v.asLong() < 0) {
                errors.add(FieldError.invalid(path, v.asLong(), "must be greater than or equal to 0"));
            }
            return v.asLong() == 0;
        }
        String s = v.asString();
        if (!s.matches("[0-9]+%")) {
            errors.add(FieldError.invalid(path, s, "a valid percent string must be a numeric string followed by an "
                    + "ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
            return false;
        }
        long pct = Long.parseLong(s.substring(0, s.length() - 1));
        if (pct > 100) {
            errors.add(FieldError.invalid(path, s, "must not be greater than 100%"));
        }
        return pct == 0;
    }
}
