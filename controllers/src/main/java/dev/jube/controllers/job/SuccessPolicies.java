package dev.jube.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** An Indexed Job's successPolicy: the Job succeeds early once one of its rules holds. */
final class SuccessPolicies {

    private SuccessPolicies() {}

    /**
     * The index of the first rule the completed indexes satisfy, or null. A rule with
     * succeededIndexes needs succeededCount of them (all of them without a count); a rule with
     * only succeededCount needs that many indexes of any kind.
     */
    static Integer matchingRule(SuccessPolicy policy, Set<Integer> completed, int completions) {
        if (policy == null || policy.getRules() == null) {
            return null;
        }
        List<SuccessPolicyRule> rules = policy.getRules();
        for (int i = 0; i < rules.size(); i++) {
            SuccessPolicyRule rule = rules.get(i);
            Integer count = rule.getSucceededCount();
            if (rule.getSucceededIndexes() != null) {
                TreeSet<Integer> wanted = CompletedIndexes.parse(rule.getSucceededIndexes(), completions);
                long done = wanted.stream().filter(completed::contains).count();
                if (!wanted.isEmpty() && done >= (count == null ? wanted.size() : count)) {
                    return i;
                }
            } else if (count != null && completed.size() >= count) {
                return i;
            }
        }
        return null;
    }
}
