package dev.jube.api.selector;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/** Node selector semantics: nodeSelector maps, node selector terms and their operators. */
public final class NodeSelectors {

    private NodeSelectors() {}

    /** Whether the pod restricts its nodes at all (a nodeSelector or required node affinity). */
    public static boolean hasRequirements(Pod pod) {
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        NodeAffinity na = pod.getSpec().getAffinity() == null ? null : pod.getSpec().getAffinity().getNodeAffinity();
        return (selector != null && !selector.isEmpty())
                || (na != null && na.getRequiredDuringSchedulingIgnoredDuringExecution() != null);
    }

    /** The pod's nodeSelector and required node affinity both accept the node. */
    public static boolean requiredMatches(Pod pod, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null) {
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        NodeAffinity na = pod.getSpec().getAffinity() == null ? null : pod.getSpec().getAffinity().getNodeAffinity();
        if (na == null || na.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        return matches(na.getRequiredDuringSchedulingIgnoredDuringExecution(), node);
    }

    /** The terms are ORed; a selector without terms matches nothing. */
    public static boolean matches(NodeSelector selector, Node node) {
        for (NodeSelectorTerm t : selector.getNodeSelectorTerms()) {
            if (matches(t, node)) {
                return true;
            }
        }
        return false;
    }

    /** The requirements of one term are ANDed; a term with none matches nothing. */
    public static boolean matches(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields();
        if ((exprs == null || exprs.isEmpty()) && (fields == null || fields.isEmpty())) {
            return false;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (exprs != null) {
            for (NodeSelectorRequirement r : exprs) {
                if (!requirementMatches(r, labels)) {
                    return false;
                }
            }
        }
        if (fields != null) {
            for (NodeSelectorRequirement r : fields) {
                if (!"metadata.name".equals(r.getKey())) {
                    return false;
                }
                if (!requirementMatches(r, Map.of("metadata.name", node.getMetadata().getName()))) {
                    return false;
                }
            }
        }
        return true;
    }

    public static boolean requirementMatches(NodeSelectorRequirement r, Map<String, String> labels) {
        String key = r.getKey();
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean has = labels.containsKey(key);
        String v = labels.get(key);
        return switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> has && values.contains(v);
            case "NotIn" -> !has || !values.contains(v);
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            case "Gt", "Lt" -> {
                if (!has || values.size() != 1) {
                    yield false;
                }
                try {
                    long nodeValue = Long.parseLong(v);
                    long bound = Long.parseLong(values.getFirst());
                    yield r.getOperator().equals("Gt") ? nodeValue > bound : nodeValue < bound;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }
}
