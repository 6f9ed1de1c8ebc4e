package dev.jube.kubelet.hollow;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.concurrent.Future;

/** One simulated node: its fixed identity and the little mutable state its heartbeats need. */
final class HollowNode {

    final int index;
    final String name;
    final String zone;
    final String internalIp;
    final PodIpPool podIps;
    final String registeredAt;
    volatile boolean alive = true;
    volatile String uid;
    /** The lease as last written, so a renewal is one update, not a read and a write. */
    volatile Lease lease;
    volatile Future<?> leaseTask;
    volatile Future<?> statusTask;

    HollowNode(int index, String name, String zone, String internalIp, PodIpPool podIps, String registeredAt) {
        this.index = index;
        this.name = name;
        this.zone = zone;
        this.internalIp = internalIp;
        this.podIps = podIps;
        this.registeredAt = registeredAt;
    }

    void cancelHeartbeats() {
        alive = false;
        Future<?> l = leaseTask;
        Future<?> s = statusTask;
        if (l != null) {
            l.cancel(false);
        }
        if (s != null) {
            s.cancel(false);
        }
    }
}
