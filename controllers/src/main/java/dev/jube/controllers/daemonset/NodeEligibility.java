package dev.jube.controllers.daemonset;

import dev.jube.api.selector.NodeSelectors;
import dev.jube.api.selector.Tolerations;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a node should run a daemon pod (upstream's nodeShouldRunDaemonPod): the node must match
 * the template's nodeName, nodeSelector and required node affinity, and the pod (with its
 * automatic tolerations) must tolerate the node's NoSchedule and NoExecute taints. A pod already
 * there keeps running as long as it tolerates the NoExecute ones.
 */
record NodeEligibility(boolean shouldRun, boolean shouldContinueRunning) {

    static final NodeEligibility NO = new NodeEligibility(false, false);

    static NodeEligibility of(DaemonSet ds, PodSpec specWithTolerations, Node node) {
        String name = node.getMetadata().getName();
        String templateNode = specWithTolerations.getNodeName();
        if (templateNode != null && !templateNode.isEmpty() && !templateNode.equals(name)) {
            return NO;
        }
        Pod pod = new PodBuilder().withNewMetadata().withNamespace(ds.getMetadata().getNamespace()).endMetadata()
                .withSpec(specWithTolerations).build();
        if (!NodeSelectors.requiredMatches(pod, node)) {
            return NO;
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        List<io.fabric8.kubernetes.api.model.Toleration> tolerations = specWithTolerations.getTolerations();
        if (Tolerations.firstUntolerated(taints, tolerations, Set.of("NoSchedule", "NoExecute")) == null) {
            return new NodeEligibility(true, true);
        }
        boolean noExecuteUntolerated = Tolerations.firstUntolerated(taints, tolerations, Set.of("NoExecute")) != null;
        return new NodeEligibility(false, !noExecuteUntolerated);
    }
}
