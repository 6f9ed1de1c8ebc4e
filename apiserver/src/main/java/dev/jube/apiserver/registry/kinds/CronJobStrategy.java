package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** CronJobs: concurrency Allow, not suspended, 3 successful and 1 failed job kept; a valid schedule. */
public final class CronJobStrategy extends GenericStrategy {

    static final List<String> CONCURRENCY = List.of("Allow", "Forbid", "Replace");
    /** Job names get an 11 character suffix, so the cron job's name is limited to 52. */
    static final int MAX_NAME_LENGTH = 52;

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
        Fields.defaultString(spec, "concurrencyPolicy", "Allow");
        Fields.defaultBool(spec, "suspend", false);
        Fields.defaultInt(spec, "successfulJobsHistoryLimit", 3);
        Fields.defaultInt(spec, "failedJobsHistoryLimit", 1);
        JsonNode podSpec = spec.path("jobTemplate").path("spec").path("template").get("spec");
        if (podSpec instanceof ObjectNode ps) {
            PodSpecs.applyDefaults(ps);
        }
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        String name = Fields.string(obj.path("metadata"), "name");
        if (name.length() > MAX_NAME_LENGTH) {
            errors.add(FieldError.invalid("metadata.name", name, "must be no more than 52 characters"));
        }
        JsonNode spec = obj.path("spec");
        String schedule = Fields.string(spec, "schedule");
        if (schedule.isEmpty()) {
            errors.add(FieldError.required("spec.schedule", ""));
        } else {
            String problem = CronSchedule.problem(schedule);
            if (problem != null) {
                errors.add(FieldError.invalid("spec.schedule", schedule, problem));
            }
        }
        String policy = Fields.string(spec, "concurrencyPolicy");
        if (!CONCURRENCY.contains(policy)) {
            errors.add(FieldError.notSupported("spec.concurrencyPolicy", policy, CONCURRENCY));
        }
        for (String f : new String[] {"successfulJobsHistoryLimit", "failedJobsHistoryLimit",
                "startingDeadlineSeconds"}) {
            JsonNode v = spec.get(f);
            if (v != null && v.isNumber() && v.asLong() < 0) {
                errors.add(FieldError.invalid("spec." + f, v.asLong(), "must be greater than or equal to 0"));
            }
        }
        JsonNode jobSpec = spec.path("jobTemplate").path("spec");
        JobStrategy.validateSelectorAndTemplate(jobSpec, "spec.jobTemplate.spec", false, errors);
        return errors;
    }
}
