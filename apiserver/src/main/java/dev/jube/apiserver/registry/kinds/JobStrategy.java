package dev.jube.apiserver.registry.kinds;

import dev.jube.api.selector.LabelSelector;
import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jobs: a generated selector on the job's uid (unless manualSelector), upstream's spec defaults,
 * template restart policy OnFailure or Never, and a pod template that is fixed once the job runs.
 */
public final class JobStrategy extends GenericStrategy {

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final List<String> COMPLETION_MODES = List.of("NonIndexed", "Indexed");

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        ObjectNode spec = Fields.child(obj, "spec");
        if (!spec.path("manualSelector").asBoolean(false)) {
            generateSelector(obj, spec);
        }
        ObjectNode meta = Fields.child(obj, "metadata");
        if (!(meta.get("labels") instanceof ObjectNode labels) || labels.isEmpty()) {
            JsonNode templateLabels = spec.path("template").path("metadata").get("labels");
            if (templateLabels instanceof ObjectNode t && !t.isEmpty()) {
                meta.set("labels", t.deepCopy());
            }
        }
        defaults(spec);
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        defaults(Fields.child(obj, "spec"));
    }

    private static void generateSelector(ObjectNode obj, ObjectNode spec) {
        String uid = Fields.string(obj.path("metadata"), "uid");
        String name = Fields.string(obj.path("metadata"), "name");
        ObjectNode template = Fields.child(spec, "template");
        ObjectNode labels = Fields.child(Fields.child(template, "metadata"), "labels");
        labels.put(CONTROLLER_UID, uid);
        labels.put(JOB_NAME, name);
        labels.put("controller-uid", uid);
        labels.put("job-name", name);
        if (!Fields.has(spec, "selector")) {
            spec.putObject("selector").putObject("matchLabels").put(CONTROLLER_UID, uid);
        }
    }

    static void defaults(ObjectNode spec) {
        if (!Fields.has(spec, "completions") && !Fields.has(spec, "parallelism")) {
            spec.put("completions", 1);
        }
        Fields.defaultInt(spec, "parallelism", 1);
        Fields.defaultInt(spec, "backoffLimit", Fields.has(spec, "backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
        Fields.defaultString(spec, "completionMode", "NonIndexed");
        Fields.defaultBool(spec, "suspend", false);
        if (!Fields.has(spec, "podFailurePolicy")) {
            Fields.defaultString(spec, "podReplacementPolicy", "TerminatingOrFailed");
        }
        if (spec.get("template") instanceof ObjectNode template && template.get("spec") instanceof ObjectNode podSpec) {
            PodSpecs.applyDefaults(podSpec);
        }
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        JsonNode spec = obj.path("spec");
        for (String f : new String[] {"parallelism", "completions", "backoffLimit"}) {
            JsonNode v = spec.get(f);
            if (v != null && v.isNumber() && v.asLong() < 0) {
                errors.add(FieldError.invalid("spec." + f, v.asLong(), "must be greater than or equal to 0"));
            }
        }
        JsonNode deadline = spec.get("activeDeadlineSeconds");
        if (deadline != null && deadline.isNumber() && deadline.asLong() <= 0) {
            errors.add(FieldError.invalid("spec.activeDeadlineSeconds", deadline.asLong(),
                    "must be greater than or equal to 1"));
        }
        String mode = Fields.string(spec, "completionMode");
        if (!COMPLETION_MODES.contains(mode)) {
            errors.add(FieldError.notSupported("spec.completionMode", mode, COMPLETION_MODES));
        } else if (mode.equals("Indexed") && !Fields.has(spec, "completions")) {
            errors.add(FieldError.required("spec.completions", "when completion mode is Indexed"));
        }
        validateSelectorAndTemplate(spec, "spec", true, errors);
        return errors;
    }

    /** Selector (required for jobs, not for cron job templates) matching a template that restarts OnFailure or Never. */
    static void validateSelectorAndTemplate(JsonNode spec, String path, boolean selectorRequired,
                                            List<FieldError> errors) {
        JsonNode selectorNode = spec.get("selector");
        LabelSelector selector = null;
        if (selectorNode == null || selectorNode.isNull()) {
            if (selectorRequired) {
                errors.add(FieldError.required(path + ".selector", ""));
            }
        } else {
            List<FieldError> selectorErrors = LabelSelector.validate(selectorNode, path + ".selector");
            errors.addAll(selectorErrors);
            if (selectorErrors.isEmpty()) {
                selector = LabelSelector.fromJson(selectorNode);
            }
        }
        JsonNode template = spec.get("template");
        if (template == null || template.isNull()) {
            errors.add(FieldError.required(path + ".template", ""));
            return;
        }
        var labels = Fields.stringMap(template.path("metadata"), "labels");
        if (selector != null && !selector.isEverything() && !selector.matches(labels)) {
            errors.add(FieldError.invalid(path + ".template.metadata.labels", Fields.goMap(labels),
                    "`selector` does not match template `labels`"));
        }
        PodSpecs.validateTemplate(template, path + ".template", errors);
        String restart = Fields.string(template.path("spec"), "restartPolicy");
        if (!restart.equals("OnFailure") && !restart.equals("Never")) {
            errors.add(FieldError.required(path + ".template.spec.restartPolicy",
                    "valid values: \"OnFailure\", \"Never\""));
        }
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(validate(d, obj));
        JsonNode spec = obj.path("spec");
        JsonNode oldSpec = old.path("spec");
        if (!Fields.same(spec.get("selector"), oldSpec.get("selector"))) {
            errors.add(FieldError.invalid("spec.selector", WorkloadStrategy.shownSelector(spec.get("selector")),
                    "field is immutable"));
        }
        if (!Fields.same(spec.get("completionMode"), oldSpec.get("completionMode"))) {
            errors.add(FieldError.invalid("spec.completionMode", Fields.shown(spec.get("completionMode")),
                    "field is immutable"));
        }
        if (!Fields.same(spec.get("completions"), oldSpec.get("completions"))
                && !"Indexed".equals(Fields.string(spec, "completionMode"))) {
            errors.add(FieldError.invalid("spec.completions", Fields.shown(spec.get("completions")),
                    "field is immutable"));
        }
        boolean notStarted = oldSpec.path("suspend").asBoolean(false)
                && !Fields.has(old.path("status"), "startTime");
        if (!notStarted && !Fields.same(spec.get("template"), oldSpec.get("template"))) {
            errors.add(FieldError.invalid("spec.template", Fields.shown(spec.get("template")), "field is immutable"));
        }
        return errors;
    }
}
