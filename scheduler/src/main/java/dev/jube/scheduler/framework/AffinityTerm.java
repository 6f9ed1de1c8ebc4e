package dev.jube.scheduler.framework;

import dev.jube.api.selector.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import java.util.Map;
import java.util.Set;

/**
 * A pod (anti-)affinity term, parsed once: which namespaces and labels it selects, and the node
 * label that defines its topology domain.
 */
public record AffinityTerm(Set<String> namespaces, LabelSelector namespaceSelector, LabelSelector selector,
                           String topologyKey, int weight) {

    /** Parses {@code term} of {@code owner}; with no namespaces and no namespaceSelector it selects the owner's namespace. */
    public static AffinityTerm of(PodAffinityTerm term, Pod owner, int weight) {
        Set<String> namespaces = term.getNamespaces() == null ? Set.of() : Set.copyOf(term.getNamespaces());
        LabelSelector nsSelector = Selectors.of(term.getNamespaceSelector());
        if (namespaces.isEmpty() && term.getNamespaceSelector() == null) {
            namespaces = Set.of(owner.getMetadata().getNamespace());
        }
        LabelSelector selector = Selectors.of(term.getLabelSelector(), Selectors.labels(owner),
                term.getMatchLabelKeys(), term.getMismatchLabelKeys());
        return new AffinityTerm(namespaces, nsSelector, selector, term.getTopologyKey(), weight);
    }

    /** Whether {@code pod}, in a namespace labelled {@code nsLabels}, is selected by this term. */
    public boolean matches(Pod pod, Map<String, String> nsLabels) {
        String ns = pod.getMetadata().getNamespace();
        if (!namespaces.contains(ns) && !namespaceSelector.matches(nsLabels == null ? Map.of() : nsLabels)) {
            return false;
        }
        return selector.matches(Selectors.labels(pod));
    }
}
