package dev.jube.controllers.framework;

import dev.jube.api.selector.LabelSelector;
import dev.jube.api.selector.LabelSelector.Operator;
import dev.jube.api.selector.LabelSelector.Requirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns fabric8 label selectors into the API machinery's matcher. */
public final class Selectors {

    private Selectors() {}

    /**
     * A {@code metav1.LabelSelector}: null selects nothing, an empty one everything.
     *
     * @throws dev.jube.api.selector.SelectorException for an invalid selector
     */
    public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return LabelSelector.nothing();
        }
        List<Requirement> reqs = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                reqs.add(Requirement.of(e.getKey(), Operator.EQUALS, List.of(e.getValue() == null ? "" : e.getValue())));
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                Operator op = switch (String.valueOf(r.getOperator())) {
                    case "In" -> Operator.IN;
                    case "NotIn" -> Operator.NOT_IN;
                    case "Exists" -> Operator.EXISTS;
                    case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                    default -> throw new IllegalArgumentException(
                            "\"" + r.getOperator() + "\" is not a valid label selector operator");
                };
                reqs.add(Requirement.of(r.getKey(), op, r.getValues() == null ? List.of() : r.getValues()));
            }
        }
        return reqs.isEmpty() ? LabelSelector.everything() : LabelSelector.of(reqs);
    }

    /** A ReplicationController's map selector: every pair must match; an empty map selects nothing here. */
    public static LabelSelector ofMap(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return LabelSelector.nothing();
        }
        return LabelSelector.fromMap(labels);
    }

    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return selector.matches(labels == null ? Map.of() : labels);
    }
}
