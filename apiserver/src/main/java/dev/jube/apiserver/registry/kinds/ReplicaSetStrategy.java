package dev.jube.apiserver.registry.kinds;

import tools.jackson.databind.node.ObjectNode;

/** ReplicaSets: one replica by default, template defaults as pods. */
public final class ReplicaSetStrategy extends WorkloadStrategy {

    @Override
    void specDefaults(ObjectNode spec) {
    }

    @Override
    String noun() {
        return "deployment";
    }
}
