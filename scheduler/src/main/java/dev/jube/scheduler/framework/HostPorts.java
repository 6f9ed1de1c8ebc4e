package dev.jube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Host ports in use on a node, counted so that removing one pod's ports leaves the others'. */
public final class HostPorts {

    public static final String ANY_IP = "0.0.0.0";

    /** One host port: an empty IP means every address; the protocol defaults to TCP. */
    public record Port(String ip, String protocol, int port) {
        public static Port of(ContainerPort p) {
            String ip = p.getHostIP() == null || p.getHostIP().isEmpty() ? ANY_IP : p.getHostIP();
            String proto = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
            return new Port(ip, proto, p.getHostPort());
        }

        /** Same protocol and port, and the addresses overlap (equal, or either is every address). */
        public boolean conflictsWith(Port o) {
            return port == o.port && protocol.equals(o.protocol)
                    && (ip.equals(o.ip) || ip.equals(ANY_IP) || o.ip.equals(ANY_IP));
        }
    }

    private final Map<Port, Integer> used = new HashMap<>();

    /** The host ports a pod asks for (containers and restartable init containers, hostPort > 0). */
    public static List<Port> of(Pod pod) {
        List<Port> out = new ArrayList<>();
        if (pod.getSpec() == null) {
            return out;
        }
        collect(pod.getSpec().getContainers(), out, false);
        collect(pod.getSpec().getInitContainers(), out, true);
        return out;
    }

    private static void collect(List<Container> containers, List<Port> out, boolean sidecarsOnly) {
        for (Container c : containers) {
            if (sidecarsOnly && !"Always".equals(c.getRestartPolicy())) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    out.add(Port.of(p));
                }
            }
        }
    }

    public void add(Port p) {
        used.merge(p, 1, Integer::sum);
    }

    public void remove(Port p) {
        used.computeIfPresent(p, (k, n) -> n <= 1 ? null : n - 1);
    }

    public boolean conflicts(Port p) {
        for (Port u : used.keySet()) {
            if (u.conflictsWith(p)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return used.isEmpty();
    }

    public HostPorts copy() {
        HostPorts c = new HostPorts();
        c.used.putAll(used);
        return c;
    }
}
