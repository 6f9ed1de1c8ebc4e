package dev.jube.kubelet.pods;

import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.Pod;
import dev.jube.api.Quantity;
import dev.jube.kubelet.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Upstream's QoS classes: they order eviction and place pods in the cgroup tree. */
public final class QosClass {

    private QosClass() {}

    /** Guaranteed when every container limits cpu and memory at its requests; BestEffort when none sets any. */
    public static String of(Pod pod) {
        if (pod.getStatus() != null && pod.getStatus().getQosClass() != null) {
            return pod.getStatus().getQosClass();
        }
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        boolean any = false;
        boolean guaranteed = true;
        for (Container c : all) {
            ResourceRequirements r = c.getResources();
            Map<String, Quantity> req = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
            Map<String, Quantity> lim = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
            any |= !req.isEmpty() || !lim.isEmpty();
            for (String res : List.of("cpu", "memory")) {
                Quantity l = lim.get(res);
                Quantity q = req.getOrDefault(res, l);
                if (l == null || q.amount().compareTo(l.amount()) != 0) {
                    guaranteed = false;
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
