package dev.jube.scheduler.framework;

import dev.jube.api.selector.LabelSelector;
import dev.jube.api.selector.LabelSelector.Operator;
import dev.jube.api.selector.LabelSelector.Requirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts fabric8's metav1.LabelSelector to the api library's selector, with upstream's nil/empty meaning. */
public final class Selectors {

    private Selectors() {}

    /** A null selector matches nothing; an empty one matches everything. */
    public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector s) {
        if (s == null) {
            return LabelSelector.nothing();
        }
        List<Requirement> reqs = new ArrayList<>();
        if (s.getMatchLabels() != null) {
            s.getMatchLabels().forEach((k, v) -> reqs.add(new Requirement(k, Operator.EQUALS, List.of(v == null ? "" : v))));
        }
        if (s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement e : s.getMatchExpressions()) {
                reqs.add(new Requirement(e.getKey(), operator(e.getOperator(), e.getKey()),
                        e.getValues() == null ? List.of() : e.getValues()));
            }
        }
        return reqs.isEmpty() ? LabelSelector.everything() : LabelSelector.of(reqs);
    }

    /** As {@link #of}, with requirements added for matchLabelKeys (In) and mismatchLabelKeys (NotIn) from the pod's labels. */
    public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector s, Map<String, String> podLabels,
                                   List<String> matchLabelKeys, List<String> mismatchLabelKeys) {
        LabelSelector base = of(s);
        boolean anyMatch = matchLabelKeys != null && !matchLabelKeys.isEmpty();
        boolean anyMismatch = mismatchLabelKeys != null && !mismatchLabelKeys.isEmpty();
        if (base.isNothing() || (!anyMatch && !anyMismatch)) {
            return base;
        }
        List<Requirement> reqs = new ArrayList<>(base.requirements());
        if (anyMatch) {
            for (String k : matchLabelKeys) {
                if (podLabels.containsKey(k)) {
                    reqs.add(new Requirement(k, Operator.IN, List.of(podLabels.get(k))));
                }
            }
        }
        if (anyMismatch) {
            for (String k : mismatchLabelKeys) {
                if (podLabels.containsKey(k)) {
                    reqs.add(new Requirement(k, Operator.NOT_IN, List.of(podLabels.get(k))));
                }
            }
        }
        return reqs.isEmpty() ? LabelSelector.everything() : LabelSelector.of(reqs);
    }

    private static Operator operator(String op, String key) {
        return switch (op == null ? "" : op) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default -> throw new IllegalArgumentException("\"" + op + "\" is not a valid label selector operator (key "
                    + key + ")");
        };
    }

    public static Map<String, String> labels(io.fabric8.kubernetes.api.model.HasMetadata o) {
        Map<String, String> l = o.getMetadata() == null ? null : o.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }
}
