package dev.jube.controllers.endpoint;

import dev.jube.controllers.endpoint.ServiceBackends.Backend;
import dev.jube.controllers.endpoint.ServiceBackends.ResolvedPort;
import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's EndpointSlice controller: for each Service with a selector, discovery.k8s.io/v1
 * EndpointSlices (IPv4) listing the selected pods with their ready, serving and terminating
 * conditions. Pods that resolve the service's ports alike share slices of at most
 * {@value #MAX_ENDPOINTS_PER_SLICE} endpoints; a service without pods keeps one empty placeholder
 * slice. The slices are owned by the service, so they go when it goes.
 */
public final class EndpointSliceController implements Controller {

    public static final String SERVICE_NAME = "kubernetes.io/service-name";
    public static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    public static final int MAX_ENDPOINTS_PER_SLICE = 100;
    static final String ZONE = "topology.kubernetes.io/zone";

    private final int maxEndpointsPerSlice;
    private KubernetesClient client;
    private ServiceTriggers triggers;
    private SharedIndexInformer<EndpointSlice> slices;
    private SharedIndexInformer<Node> nodes;

    public EndpointSliceController() {
        this(MAX_ENDPOINTS_PER_SLICE);
    }

    /** Upstream's --max-endpoints-per-slice. */
    public EndpointSliceController(int maxEndpointsPerSlice) {
        this.maxEndpointsPerSlice = maxEndpointsPerSlice;
    }

    @Override
    public String name() {
        return "endpointslice";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        client = context.client();
        triggers = new ServiceTriggers(context, queue);
        slices = context.informer(EndpointSlice.class);
        nodes = context.informer(Node.class);
        slices.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(EndpointSlice obj) {}

            @Override
            public void onUpdate(EndpointSlice oldObj, EndpointSlice newObj) {
                // Someone else changed one of our slices: put it back.
                if (!Objects.equals(oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
                    queueOwner(newObj);
                }
            }

            @Override
            public void onDelete(EndpointSlice obj, boolean finalStateUnknown) {
                queueOwner(obj);
            }

            private void queueOwner(EndpointSlice slice) {
                String svc = ours(slice);
                if (svc != null) {
                    queue.add(Keys.of(slice.getMetadata().getNamespace(), svc));
                }
            }
        });
    }

    /** The service a slice belongs to, if this controller manages it. */
    private static String ours(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        if (labels == null || !CONTROLLER_NAME.equals(labels.get(MANAGED_BY))) {
            return null;
        }
        return labels.get(SERVICE_NAME);
    }

    @Override
    public void reconcile(String key) {
        String ns = Keys.namespace(key);
        String name = Keys.name(key);
        List<EndpointSlice> existing = new ArrayList<>();
        for (EndpointSlice s : slices.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns)) {
            if (name.equals(ours(s)) && s.getMetadata().getDeletionTimestamp() == null) {
                existing.add(s);
            }
        }
        existing.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        Service svc = triggers.service(key);
        if (svc == null) {
            for (EndpointSlice s : existing) {
                delete(s);
            }
            return;
        }
        if (!ServiceBackends.managed(svc) || svc.getMetadata().getDeletionTimestamp() != null) {
            return; // as upstream: slices of a service without a selector are left to others
        }
        List<Backend> backends = ServiceBackends.of(svc, triggers.podsIn(ns), true);
        Map<List<EndpointPort>, List<Endpoint>> groups = new LinkedHashMap<>();
        for (Backend b : backends) {
            groups.computeIfAbsent(ports(b.ports()), p -> new ArrayList<>()).add(endpoint(b, zoneOf(b.nodeName())));
        }
        List<Chunk> desired = new ArrayList<>();
        for (Map.Entry<List<EndpointPort>, List<Endpoint>> g : groups.entrySet()) {
            List<Endpoint> eps = g.getValue();
            for (int i = 0; i < eps.size(); i += maxEndpointsPerSlice) {
                desired.add(new Chunk(g.getKey(), eps.subList(i, Math.min(eps.size(), i + maxEndpointsPerSlice))));
            }
        }
        if (desired.isEmpty()) {
            desired.add(new Chunk(List.of(), List.of())); // the placeholder
        }
        Map<String, String> labels = labels(svc);
        String trigger = ServiceBackends.lastChangeTriggerTime(svc, backends);
        List<EndpointSlice> unused = new ArrayList<>(existing);
        List<Chunk> unplaced = new ArrayList<>();
        for (Chunk c : desired) {
            // Reuse a slice with the same ports, so endpoints move between as few slices as possible.
            EndpointSlice reuse = unused.stream().filter(s -> Objects.equals(nonNull(s.getPorts()), c.ports()))
                    .findFirst().orElse(null);
            if (reuse == null) {
                unplaced.add(c);
                continue;
            }
            unused.remove(reuse);
            write(svc, reuse, c, labels, trigger);
        }
        for (Chunk c : unplaced) {
            // Rather than create and delete, rewrite a slice left over with other ports.
            write(svc, unused.isEmpty() ? null : unused.removeFirst(), c, labels, trigger);
        }
        for (EndpointSlice s : unused) {
            delete(s);
        }
    }

    private record Chunk(List<EndpointPort> ports, List<Endpoint> endpoints) {}

    private void write(Service svc, EndpointSlice current, Chunk c, Map<String, String> labels, String trigger) {
        String ns = svc.getMetadata().getNamespace();
        if (current != null && Objects.equals(nonNull(current.getEndpoints()), c.endpoints())
                && Objects.equals(nonNull(current.getPorts()), c.ports())
                && Objects.equals(current.getMetadata().getLabels(), labels)
                && "IPv4".equals(current.getAddressType())) {
            return;
        }
        Map<String, String> annotations = new HashMap<>();
        if (current != null && current.getMetadata().getAnnotations() != null) {
            annotations.putAll(current.getMetadata().getAnnotations());
        }
        if (trigger != null) {
            annotations.put(EndpointsController.TRIGGER_TIME, trigger);
        }
        EndpointSliceBuilder b = current == null ? new EndpointSliceBuilder() : new EndpointSliceBuilder(current);
        EndpointSlice slice = b.editOrNewMetadata()
                .withNamespace(ns)
                .withLabels(labels).withAnnotations(annotations.isEmpty() ? null : annotations)
                .withOwnerReferences(OwnerRefs.controllerRef(svc, "v1", "Service"))
                .endMetadata()
                .withAddressType("IPv4").withEndpoints(c.endpoints()).withPorts(c.ports())
                .build();
        if (current == null) {
            slice.getMetadata().setGenerateName(svc.getMetadata().getName() + "-");
            client.discovery().v1().endpointSlices().inNamespace(ns).resource(slice).create();
        } else {
            client.discovery().v1().endpointSlices().inNamespace(ns).resource(slice).update();
        }
    }

    private void delete(EndpointSlice s) {
        client.discovery().v1().endpointSlices().inNamespace(s.getMetadata().getNamespace())
                .withName(s.getMetadata().getName()).delete();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> labels(Service svc) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (svc.getMetadata().getLabels() != null) {
            labels.putAll(svc.getMetadata().getLabels());
        }
        labels.put(SERVICE_NAME, svc.getMetadata().getName());
        labels.put(MANAGED_BY, CONTROLLER_NAME);
        if (ServiceBackends.headless(svc)) {
            labels.put(EndpointsController.HEADLESS, "");
        } else {
            labels.remove(EndpointsController.HEADLESS);
        }
        return labels;
    }

    private static List<EndpointPort> ports(List<ResolvedPort> resolved) {
        return resolved.stream()
                .sorted(Comparator.comparing(ResolvedPort::name).thenComparingInt(ResolvedPort::port))
                .map(p -> new EndpointPortBuilder().withName(p.name()).withPort(p.port()).withProtocol(p.protocol())
                        .withAppProtocol(p.appProtocol()).build())
                .toList();
    }

    /** The node's topology.kubernetes.io/zone label, which slices carry per endpoint. */
    private String zoneOf(String nodeName) {
        Node node = nodeName == null ? null : nodes.getIndexer().getByKey(nodeName);
        return node == null || node.getMetadata().getLabels() == null ? null
                : node.getMetadata().getLabels().get(ZONE);
    }

    private static Endpoint endpoint(Backend b, String zone) {
        return new EndpointBuilder().withAddresses(b.ip()).withZone(zone)
                .withNewConditions().withReady(b.ready()).withServing(b.serving()).withTerminating(b.terminating())
                .endConditions()
                .withHostname(b.hostname()).withNodeName(b.nodeName()).withTargetRef(b.targetRef())
                .build();
    }
}
