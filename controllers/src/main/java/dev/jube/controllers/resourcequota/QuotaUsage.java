package dev.jube.controllers.resourcequota;

import dev.jube.api.Quantity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the objects of a namespace use of each quota resource, as upstream's quota evaluators
 * count it: pods that have not finished (with their scopes), their container requests and
 * limits (the larger of the containers' sum and any init container), services by type and node
 * port, claims and their storage requests, and object counts.
 */
public final class QuotaUsage {

    private QuotaUsage() {}

    /** Resources counted from pods (besides count/pods). */
    static boolean podResource(String resource) {
        return switch (resource) {
            case "pods", "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
                 "ephemeral-storage", "requests.ephemeral-storage", "limits.ephemeral-storage" -> true;
            default -> false;
        };
    }

    /** Whether a pod still counts: not Succeeded or Failed. */
    public static boolean podCounts(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** Whether a pod is in every one of the quota's scopes. */
    static boolean inScopes(Pod pod, List<String> scopes) {
        if (scopes == null) {
            return true;
        }
        for (String scope : scopes) {
            boolean terminating = pod.getSpec().getActiveDeadlineSeconds() != null;
            boolean bestEffort = bestEffort(pod);
            boolean in = switch (scope) {
                case "Terminating" -> terminating;
                case "NotTerminating" -> !terminating;
                case "BestEffort" -> bestEffort;
                case "NotBestEffort" -> !bestEffort;
                default -> true;
            };
            if (!in) {
                return false;
            }
        }
        return true;
    }

    private static boolean bestEffort(Pod pod) {
        for (Container c : allContainers(pod)) {
            if (c.getResources() != null && (notEmpty(c.getResources().getRequests())
                    || notEmpty(c.getResources().getLimits()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean notEmpty(Map<?, ?> m) {
        return m != null && !m.isEmpty();
    }

    private static List<Container> allContainers(Pod pod) {
        List<Container> all = new java.util.ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        return all;
    }

    /** One pod's use of {@code resource} (a pod resource). */
    public static Quantity podUsage(Pod pod, String resource) {
        if (resource.equals("pods")) {
            return Quantity.of(1, Quantity.Format.DECIMAL_SI);
        }
        boolean limits = resource.startsWith("limits.");
        String name = resource.substring(resource.indexOf('.') + 1);
        Function<Container, Quantity> of = c -> {
            if (c.getResources() == null) {
                return Quantity.ZERO;
            }
            Map<String, io.fabric8.kubernetes.api.model.Quantity> m =
                    limits ? c.getResources().getLimits() : c.getResources().getRequests();
            io.fabric8.kubernetes.api.model.Quantity q = m == null ? null : m.get(name);
            return q == null ? Quantity.ZERO : Quantity.parse(q.toString());
        };
        Quantity sum = Quantity.ZERO;
        for (Container c : pod.getSpec().getContainers()) {
            sum = sum.add(of.apply(c));
        }
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                Quantity init = of.apply(c);
                if (init.compareTo(sum) > 0) {
                    sum = init;
                }
            }
        }
        if (pod.getSpec().getOverhead() != null && pod.getSpec().getOverhead().get(name) != null) {
            sum = sum.add(Quantity.parse(pod.getSpec().getOverhead().get(name).toString()));
        }
        return sum;
    }

    /** The node ports a service allocates (NodePort and LoadBalancer services). */
    public static int nodePorts(Service svc) {
        String type = svc.getSpec().getType();
        if (!"NodePort".equals(type) && !"LoadBalancer".equals(type) || svc.getSpec().getPorts() == null) {
            return 0;
        }
        int n = 0;
        for (ServicePort p : svc.getSpec().getPorts()) {
            if (p.getNodePort() != null && p.getNodePort() > 0 || "NodePort".equals(type)) {
                n++;
            }
        }
        return n;
    }

    public static Quantity claimStorage(PersistentVolumeClaim pvc) {
        if (pvc.getSpec() == null || pvc.getSpec().getResources() == null
                || pvc.getSpec().getResources().getRequests() == null) {
            return Quantity.ZERO;
        }
        var q = pvc.getSpec().getResources().getRequests().get("storage");
        return q == null ? Quantity.ZERO : Quantity.parse(q.toString());
    }

    /** Sums {@code resource} over the pods that count and are in the scopes. */
    static Quantity pods(List<Pod> pods, String resource, List<String> scopes) {
        Quantity sum = Quantity.ZERO;
        for (Pod p : pods) {
            if (podCounts(p) && inScopes(p, scopes)) {
                sum = sum.add(podUsage(p, resource));
            }
        }
        return sum;
    }

    static Quantity services(List<Service> services, String resource) {
        long n = switch (resource) {
            case "services" -> services.size();
            case "services.nodeports" -> services.stream().mapToInt(QuotaUsage::nodePorts).sum();
            case "services.loadbalancers" -> services.stream()
                    .filter(s -> "LoadBalancer".equals(s.getSpec().getType())).count();
            default -> 0;
        };
        return Quantity.of(n, Quantity.Format.DECIMAL_SI);
    }

    static Quantity claims(List<PersistentVolumeClaim> claims, String resource) {
        if (resource.equals("requests.storage")) {
            Quantity sum = Quantity.ZERO;
            for (PersistentVolumeClaim c : claims) {
                sum = sum.add(claimStorage(c));
            }
            return sum;
        }
        return Quantity.of(claims.size(), Quantity.Format.DECIMAL_SI);
    }
}
