package dev.jube.controllers.endpoint;

import dev.jube.controllers.framework.Pods;
import dev.jube.controllers.framework.Times;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pods behind a Service as both endpoint controllers see them: which pods count, whether
 * each is ready, serving or terminating, and the service ports resolved against each pod's
 * containers (a named target port can be a different number on every pod).
 */
public final class ServiceBackends {

    /** A service port resolved for one pod. */
    public record ResolvedPort(String name, int port, String protocol, String appProtocol) {}

    /** One pod behind the service. */
    public record Backend(Pod pod, String ip, boolean ready, boolean serving, boolean terminating,
                          String hostname, String nodeName, List<ResolvedPort> ports) {

        public ObjectReference targetRef() {
            return new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build();
        }
    }

    private ServiceBackends() {}

    /** Whether a controller computes this service's endpoints: only services with a selector. */
    public static boolean managed(Service svc) {
        Map<String, String> selector = svc.getSpec() == null ? null : svc.getSpec().getSelector();
        return selector != null && !selector.isEmpty() && !"ExternalName".equals(svc.getSpec().getType());
    }

    public static boolean headless(Service svc) {
        return "None".equals(svc.getSpec().getClusterIP());
    }

    /** Whether the selector of {@code svc} selects {@code pod}. */
    public static boolean selects(Service svc, Pod pod) {
        if (!managed(svc) || !Objects.equals(svc.getMetadata().getNamespace(), pod.getMetadata().getNamespace())) {
            return false;
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        return labels.entrySet().containsAll(svc.getSpec().getSelector().entrySet());
    }

    /**
     * The backends of {@code svc} among {@code candidates} (pods of its namespace), sorted by pod
     * name. Pods without an IP and finished pods never count; terminating ones only if asked.
     */
    public static List<Backend> of(Service svc, List<Pod> candidates, boolean includeTerminating) {
        boolean publishNotReady = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
        List<Backend> result = new ArrayList<>();
        for (Pod pod : candidates) {
            if (!selects(svc, pod) || pod.getStatus() == null) {
                continue;
            }
            String ip = pod.getStatus().getPodIP();
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            String phase = pod.getStatus().getPhase();
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
            if (terminating && !includeTerminating) {
                continue;
            }
            boolean serving = Pods.isReady(pod);
            boolean ready = publishNotReady || serving && !terminating;
            String hostname = null;
            String podHostname = pod.getSpec().getHostname();
            if (podHostname != null && !podHostname.isEmpty()
                    && Objects.equals(pod.getSpec().getSubdomain(), svc.getMetadata().getName())) {
                hostname = podHostname;
            }
            result.add(new Backend(pod, ip, ready, publishNotReady || serving, terminating, hostname,
                    pod.getSpec().getNodeName(), resolvePorts(svc, pod)));
        }
        result.sort(Comparator.comparing(b -> b.pod().getMetadata().getName()));
        return result;
    }

    /** The service's ports as this pod serves them; a named target port the pod lacks is left out. */
    static List<ResolvedPort> resolvePorts(Service svc, Pod pod) {
        List<ResolvedPort> ports = new ArrayList<>();
        if (svc.getSpec().getPorts() == null) {
            return ports;
        }
        for (ServicePort sp : svc.getSpec().getPorts()) {
            String protocol = sp.getProtocol() == null ? "TCP" : sp.getProtocol();
            Integer number = targetPort(sp, protocol, pod);
            if (number != null) {
                ports.add(new ResolvedPort(sp.getName() == null ? "" : sp.getName(), number, protocol,
                        sp.getAppProtocol()));
            }
        }
        return ports;
    }

    private static Integer targetPort(ServicePort sp, String protocol, Pod pod) {
        IntOrString target = sp.getTargetPort();
        if (target == null) {
            return sp.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        String name = target.getStrVal();
        if (name == null || name.isEmpty()) {
            return sp.getPort();
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort cp : c.getPorts()) {
                String cpProtocol = cp.getProtocol() == null ? "TCP" : cp.getProtocol();
                if (name.equals(cp.getName()) && protocol.equals(cpProtocol)) {
                    return cp.getContainerPort();
                }
            }
        }
        return null;
    }

    /**
     * The time of the latest change behind these endpoints (upstream's last-change-trigger-time):
     * the service's creation or a pod's last readiness change, whichever is later; null if unknown.
     */
    public static String lastChangeTriggerTime(Service svc, List<Backend> backends) {
        Instant latest = Times.parse(svc.getMetadata().getCreationTimestamp());
        for (Backend b : backends) {
            Instant t = readyTransition(b.pod());
            if (t == null) {
                t = Times.parse(b.pod().getMetadata().getCreationTimestamp());
            }
            if (t != null && (latest == null || t.isAfter(latest))) {
                latest = t;
            }
        }
        return latest == null ? null : Times.format(latest);
    }

    private static Instant readyTransition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return Times.parse(c.getLastTransitionTime());
            }
        }
        return null;
    }
}
