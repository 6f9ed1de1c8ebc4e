package dev.jube.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

final class HollowNodesTestSupport {

    private HollowNodesTestSupport() {}

    static String condition(Pod p, String type) {
        return p.getStatus() == null ? null : p.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType())).map(PodCondition::getStatus).findFirst().orElse(null);
    }
}
