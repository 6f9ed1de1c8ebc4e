package dev.jube.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.List;

/** Matches failed pods against a Job's podFailurePolicy: the first rule that matches decides. */
final class PodFailurePolicies {

    static final String FAIL_JOB = "FailJob";
    static final String IGNORE = "Ignore";
    static final String COUNT = "Count";
    static final String FAIL_INDEX = "FailIndex";

    /** The action of the rule that matched, and the message upstream writes for it. */
    record Match(String action, String message) {}

    private PodFailurePolicies() {}

    /** The matching rule's action for a failed pod, or null when no rule matches (the failure counts). */
    static Match match(PodFailurePolicy policy, Pod pod) {
        if (policy == null || policy.getRules() == null) {
            return null;
        }
        List<PodFailurePolicyRule> rules = policy.getRules();
        for (int i = 0; i < rules.size(); i++) {
            PodFailurePolicyRule rule = rules.get(i);
            String action = rule.getAction();
            if (rule.getOnExitCodes() != null) {
                ContainerStatus matched = exitCodeMatch(rule.getOnExitCodes(), pod);
                if (matched != null) {
                    return new Match(action, "Container " + matched.getName() + " for pod "
                            + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
                            + " failed with exit code " + matched.getState().getTerminated().getExitCode()
                            + " matching " + action + " rule at index " + i);
                }
            } else if (rule.getOnPodConditions() != null) {
                String type = conditionMatch(rule.getOnPodConditions(), pod);
                if (type != null) {
                    return new Match(action, "Pod " + pod.getMetadata().getNamespace() + "/"
                            + pod.getMetadata().getName() + " has condition " + type + " matching " + action
                            + " rule at index " + i);
                }
            }
        }
        return null;
    }

    private static ContainerStatus exitCodeMatch(PodFailurePolicyOnExitCodesRequirement req, Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus().getInitContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getContainerStatuses());
        }
        for (ContainerStatus s : statuses) {
            if (req.getContainerName() != null && !req.getContainerName().equals(s.getName())) {
                continue;
            }
            if (s.getState() == null || s.getState().getTerminated() == null) {
                continue;
            }
            Integer code = s.getState().getTerminated().getExitCode();
            if (code == null || code == 0) {
                continue; // a success never matches
            }
            List<Integer> values = req.getValues() == null ? List.of() : req.getValues();
            boolean in = values.contains(code);
            if ("In".equals(req.getOperator()) ? in : "NotIn".equals(req.getOperator()) && !in) {
                return s;
            }
        }
        return null;
    }

    private static String conditionMatch(List<PodFailurePolicyOnPodConditionsPattern> patterns, Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodFailurePolicyOnPodConditionsPattern p : patterns) {
            String status = p.getStatus() == null ? "True" : p.getStatus();
            for (PodCondition c : pod.getStatus().getConditions()) {
                if (p.getType() != null && p.getType().equals(c.getType()) && status.equals(c.getStatus())) {
                    return c.getType();
                }
            }
        }
        return null;
    }
}
