package dev.jube.controllers.endpoint;

import dev.jube.controllers.endpoint.ServiceBackends.Backend;
import dev.jube.controllers.endpoint.ServiceBackends.ResolvedPort;
import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.Keys;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's endpoints controller: keeps the core/v1 Endpoints named after each Service with a
 * selector equal to the pods the selector matches: ready pods in {@code addresses}, the others in
 * {@code notReadyAddresses} (all ready with publishNotReadyAddresses), terminating pods left
 * out, grouped into subsets by the ports they resolve to. Services without a selector keep
 * whatever Endpoints their users write.
 */
public final class EndpointsController implements Controller {

    public static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
    public static final String HEADLESS = "service.kubernetes.io/headless";
    public static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";
    /** Upstream's maxCapacity: an Endpoints object lists at most this many addresses. */
    public static final int MAX_ADDRESSES = 1000;

    private KubernetesClient client;
    private ServiceTriggers triggers;
    private SharedIndexInformer<Endpoints> endpoints;

    @Override
    public String name() {
        return "endpoint";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        client = context.client();
        triggers = new ServiceTriggers(context, queue);
        endpoints = context.informer(Endpoints.class);
        endpoints.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Endpoints obj) {}

            @Override
            public void onUpdate(Endpoints oldObj, Endpoints newObj) {}

            @Override
            public void onDelete(Endpoints obj, boolean finalStateUnknown) {
                // Recreated if its service still selects pods.
                queue.add(Keys.of(obj));
            }
        });
    }

    @Override
    public void reconcile(String key) {
        Service svc = triggers.service(key);
        String ns = Keys.namespace(key);
        String name = Keys.name(key);
        if (svc == null) {
            if (endpoints.getIndexer().getByKey(key) != null) {
                client.endpoints().inNamespace(ns).withName(name).delete();
            }
            return;
        }
        if (!ServiceBackends.managed(svc) || svc.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        List<Backend> backends = ServiceBackends.of(svc, triggers.podsIn(ns), false);
        List<EndpointSubset> subsets = subsets(svc, backends);
        boolean truncated = truncate(subsets, MAX_ADDRESSES);
        Map<String, String> labels = new LinkedHashMap<>();
        if (svc.getMetadata().getLabels() != null) {
            labels.putAll(svc.getMetadata().getLabels());
        }
        if (ServiceBackends.headless(svc)) {
            labels.put(HEADLESS, "");
        }
        Endpoints current = endpoints.getIndexer().getByKey(key);
        if (current != null && Objects.equals(nonEmpty(current.getSubsets()), subsets)
                && Objects.equals(nonEmpty(current.getMetadata().getLabels()), labels)
                && truncated == (current.getMetadata().getAnnotations() != null
                        && current.getMetadata().getAnnotations().containsKey(OVER_CAPACITY))) {
            return;
        }
        Map<String, String> annotations = new HashMap<>();
        if (current != null && current.getMetadata().getAnnotations() != null) {
            annotations.putAll(current.getMetadata().getAnnotations());
        }
        if (truncated) {
            annotations.put(OVER_CAPACITY, "truncated");
        } else {
            annotations.remove(OVER_CAPACITY);
        }
        String trigger = ServiceBackends.lastChangeTriggerTime(svc, backends);
        if (trigger != null) {
            annotations.put(TRIGGER_TIME, trigger);
        }
        Endpoints desired = new EndpointsBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .withLabels(labels.isEmpty() ? null : labels).withAnnotations(annotations.isEmpty() ? null : annotations)
                .endMetadata().withSubsets(subsets).build();
        if (current == null) {
            try {
                client.endpoints().inNamespace(ns).resource(desired).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                throw new IllegalStateException("endpoints " + key + " appeared meanwhile; retrying", e);
            }
        } else {
            desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            desired.getMetadata().setUid(current.getMetadata().getUid());
            client.endpoints().inNamespace(ns).resource(desired).update();
        }
    }

    private static <T> List<T> nonEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> nonEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    /** Addresses grouped by identical port lists (upstream's RepackSubsets), in a stable order. */
    static List<EndpointSubset> subsets(Service svc, List<Backend> backends) {
        boolean noPorts = svc.getSpec().getPorts() == null || svc.getSpec().getPorts().isEmpty();
        Map<List<ResolvedPort>, List<Backend>> byPorts = new LinkedHashMap<>();
        for (Backend b : backends) {
            if (b.ports().isEmpty() && !(noPorts && ServiceBackends.headless(svc))) {
                continue; // none of the service's ports exists on this pod
            }
            List<ResolvedPort> ports = new ArrayList<>(b.ports());
            ports.sort(Comparator.comparing(ResolvedPort::name).thenComparingInt(ResolvedPort::port));
            byPorts.computeIfAbsent(ports, p -> new ArrayList<>()).add(b);
        }
        List<EndpointSubset> subsets = new ArrayList<>();
        for (Map.Entry<List<ResolvedPort>, List<Backend>> e : byPorts.entrySet()) {
            List<EndpointAddress> ready = new ArrayList<>();
            List<EndpointAddress> notReady = new ArrayList<>();
            for (Backend b : e.getValue()) {
                (b.ready() ? ready : notReady).add(address(b));
            }
            ready.sort(Comparator.comparing(EndpointAddress::getIp));
            notReady.sort(Comparator.comparing(EndpointAddress::getIp));
            List<EndpointPort> ports = e.getKey().stream().map(p -> new EndpointPortBuilder()
                    .withName(p.name().isEmpty() ? null : p.name()).withPort(p.port()).withProtocol(p.protocol())
                    .withAppProtocol(p.appProtocol()).build()).toList();
            subsets.add(new EndpointSubsetBuilder().withAddresses(ready.isEmpty() ? null : ready)
                    .withNotReadyAddresses(notReady.isEmpty() ? null : notReady)
                    .withPorts(ports.isEmpty() ? null : ports).build());
        }
        return subsets;
    }

    /**
     * Cuts the subsets down to {@code max} addresses, ready ones first, each subset keeping its
     * share (upstream's truncateEndpoints); whether anything was cut.
     */
    static boolean truncate(List<EndpointSubset> subsets, int max) {
        int total = 0;
        int ready = 0;
        for (EndpointSubset s : subsets) {
            ready += size(s.getAddresses());
            total += size(s.getAddresses()) + size(s.getNotReadyAddresses());
        }
        if (total <= max) {
            return false;
        }
        boolean readyOnly = ready >= max;
        int budget = max;
        int pool = readyOnly ? ready : total - ready;
        int keepNotReady = readyOnly ? 0 : max - ready;
        for (int i = 0; i < subsets.size(); i++) {
            EndpointSubset s = subsets.get(i);
            if (readyOnly) {
                int share = i == subsets.size() - 1 ? budget
                        : (int) Math.round((double) size(s.getAddresses()) * max / pool);
                share = Math.min(share, Math.min(budget, size(s.getAddresses())));
                budget -= share;
                s.setAddresses(share == 0 ? null : new ArrayList<>(s.getAddresses().subList(0, share)));
                s.setNotReadyAddresses(null);
            } else {
                int share = i == subsets.size() - 1 ? keepNotReady
                        : (int) Math.round((double) size(s.getNotReadyAddresses()) * (max - ready) / pool);
                share = Math.min(share, Math.min(keepNotReady, size(s.getNotReadyAddresses())));
                keepNotReady -= share;
                s.setNotReadyAddresses(share == 0 ? null
                        : new ArrayList<>(s.getNotReadyAddresses().subList(0, share)));
            }
        }
        subsets.removeIf(s -> size(s.getAddresses()) + size(s.getNotReadyAddresses()) == 0);
        return true;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static EndpointAddress address(Backend b) {
        return new EndpointAddressBuilder().withIp(b.ip()).withHostname(b.hostname()).withNodeName(b.nodeName())
                .withTargetRef(b.targetRef()).build();
    }
}
