package dev.jube.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.util.ArrayList;
import java.util.List;

/** Reading and setting a Job's status conditions. */
final class JobConditions {

    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";
    static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
    static final String FAILURE_TARGET = "FailureTarget";
    static final String SUSPENDED = "Suspended";

    private JobConditions() {}

    static JobCondition find(List<JobCondition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        for (JobCondition c : conditions) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    static boolean isTrue(List<JobCondition> conditions, String type) {
        JobCondition c = find(conditions, type);
        return c != null && "True".equals(c.getStatus());
    }

    /** Complete or Failed: the Job will not run pods again. */
    static boolean isFinished(Job job) {
        List<JobCondition> c = job.getStatus() == null ? null : job.getStatus().getConditions();
        return isTrue(c, COMPLETE) || isTrue(c, FAILED);
    }

    /**
     * Sets condition {@code type}; the transition time moves only when the status changes, and
     * nothing changes when status, reason and message are already as given.
     */
    static List<JobCondition> set(List<JobCondition> conditions, String type, String status, String reason,
                                  String message, String now) {
        List<JobCondition> result = new ArrayList<>(conditions == null ? List.of() : conditions);
        JobCondition old = find(result, type);
        if (old != null && status.equals(old.getStatus()) && java.util.Objects.equals(reason, old.getReason())
                && java.util.Objects.equals(message, old.getMessage())) {
            return result;
        }
        String transition = old != null && status.equals(old.getStatus()) ? old.getLastTransitionTime() : now;
        JobCondition c = new JobConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastProbeTime(now).withLastTransitionTime(transition).build();
        if (old == null) {
            result.add(c);
        } else {
            result.set(result.indexOf(old), c);
        }
        return result;
    }
}
