package dev.jube.apiserver.bootstrap;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import dev.jube.apiserver.registry.kinds.PriorityClassStrategy;
import dev.jube.apiserver.registry.kinds.ServiceStrategy;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The objects every cluster has from its first start: the system namespaces, the built-in
 * priority classes, and the {@code kubernetes} Service in {@code default} with Endpoints and an
 * EndpointSlice pointing at this API server. Existing objects are kept (a restart or a second
 * server changes nothing), except that the endpoints follow the server's current address.
 */
public final class SystemObjects {

    /** Namespaces every cluster has. */
    public static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private static final Logger LOG = LoggerFactory.getLogger(SystemObjects.class);
    private static final Map<String, String> PRIORITY_DESCRIPTIONS = Map.of(
            "system-node-critical", "Used for system critical pods that must not be moved from their current node.",
            "system-cluster-critical", "Used for system critical pods that must run in the cluster, but can be "
                    + "moved to another node if necessary.");

    private final ResourceRegistry registry;
    private final ObjectStorage storage;

    public SystemObjects(ResourceRegistry registry, ObjectStorage storage) {
        this.registry = registry;
        this.storage = storage;
    }

    /**
     * Creates what must exist before requests are served: the namespaces and priority classes.
     * On a first start each is a durable write; made at once they share their disk syncs.
     */
    public void ensureBeforeServing() {
        List<Runnable> writes = new ArrayList<>();
        registry.find("", "v1", "namespaces").ifPresent(ns -> {
            for (String name : NAMESPACES) {
                ObjectNode obj = object("v1", "Namespace", null, name);
                ((ObjectNode) obj.get("metadata")).putObject("labels").put("kubernetes.io/metadata.name", name);
                obj.putObject("spec").putArray("finalizers").add("kubernetes");
                obj.putObject("status").put("phase", "Active");
                writes.add(() -> createIfAbsent(ns, obj));
            }
        });
        registry.find("scheduling.k8s.io", "v1", "priorityclasses").ifPresent(pc -> {
            for (Map.Entry<String, Integer> e : PriorityClassStrategy.SYSTEM_CLASSES.entrySet()) {
                ObjectNode obj = object("scheduling.k8s.io/v1", "PriorityClass", null, e.getKey());
                obj.put("value", e.getValue());
                obj.put("globalDefault", false);
                obj.put("description", PRIORITY_DESCRIPTIONS.get(e.getKey()));
                obj.put("preemptionPolicy", "PreemptLowerPriority");
                writes.add(() -> createIfAbsent(pc, obj));
            }
        });
        allAtOnce(writes);
    }

    /**
     * What names the serving server, once it listens at {@code address:port} as {@code serverUrl}:
     * the {@code kubernetes} Service with its endpoints, and {@code kube-public/cluster-info}.
     */
    public void ensureServing(String address, int port, String serverUrl, String caPem) {
        allAtOnce(List.of(
                () -> ensureKubernetesService(port),
                () -> ensureEndpoints(address, port),
                () -> ensureEndpointSlice(address, port),
                () -> ensureClusterInfo(serverUrl, caPem)));
    }

    /** Runs independent writes side by side, so concurrent commits share a sync; rethrows the first failure. */
    private static void allAtOnce(List<Runnable> writes) {
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (Runnable w : writes) {
            threads.add(Thread.ofVirtual().name("system-objects").start(() -> {
                try {
                    w.run();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the system objects", e);
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    /** The {@code kubernetes} Service: first IP of the service range, port 443 named https, to {@code port}. */
    private void ensureKubernetesService(int port) {
        ResourceDescriptor services = registry.find("", "v1", "services").orElse(null);
        if (services == null || !(services.strategy() instanceof ServiceStrategy strategy)) {
            return;
        }
        String ip = strategy.ranges().apiServerServiceIp();
        ObjectNode svc = object("v1", "Service", "default", "kubernetes");
        ObjectNode labels = ((ObjectNode) svc.get("metadata")).putObject("labels");
        labels.put("component", "apiserver");
        labels.put("provider", "kubernetes");
        ObjectNode spec = svc.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
        spec.putArray("ipFamilies").add("IPv4");
        spec.put("ipFamilyPolicy", "SingleStack");
        spec.put("internalTrafficPolicy", "Cluster");
        spec.put("sessionAffinity", "None");
        ObjectNode p = spec.putArray("ports").addObject();
        p.put("name", "https");
        p.put("port", 443);
        p.put("protocol", "TCP");
        p.put("targetPort", port);
        svc.putObject("status").putObject("loadBalancer");
        Versioned existing = storage.get(services.storageKey("default", "kubernetes"));
        if (existing == null) {
            String uid = svc.path("metadata").path("uid").asString();
            if (!strategy.claimIp(storage, ip, "default", "kubernetes", uid)) {
                LOG.warn("the kubernetes Service IP {} is held by another object; not creating the Service", ip);
            } else if (!storage.create(services.storageKey("default", "kubernetes"), svc).succeeded()) {
                strategy.released(storage, services, svc);
            }
        } else if (existing.object().path("spec").path("ports").path(0).path("targetPort").asInt(-1) != port) {
            ObjectNode updated = existing.object().deepCopy();
            ((ObjectNode) updated.path("spec").path("ports").path(0)).put("targetPort", port);
            storage.update(existing.key(), updated, existing.modRevision());
        }
    }

    /**
     * {@code kube-public/cluster-info}, as kubeadm writes it: a kubeconfig naming this server and
     * embedding the cluster CA, readable without credentials, from which a joining node learns the
     * CA it then checks against the hash it was given.
     */
    private void ensureClusterInfo(String serverUrl, String caPem) {
        ResourceDescriptor configMaps = registry.find("", "v1", "configmaps").orElse(null);
        if (configMaps == null) {
            return;
        }
        String kubeconfig = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: \"\"\n"
                + "  cluster:\n"
                + "    server: " + serverUrl + "\n"
                + "    certificate-authority-data: "
                + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8)) + "\n"
                + "contexts: null\n"
                + "current-context: \"\"\n"
                + "preferences: {}\n"
                + "users: null\n";
        ObjectNode obj = object("v1", "ConfigMap", "kube-public", "cluster-info");
        obj.putObject("data").put("kubeconfig", kubeconfig);
        createOrReplaceField(configMaps, obj, "data");
    }

    private void ensureEndpoints(String address, int port) {
        ResourceDescriptor ep = registry.find("", "v1", "endpoints").orElse(null);
        if (ep == null) {
            return;
        }
        ObjectNode obj = object("v1", "Endpoints", "default", "kubernetes");
        ((ObjectNode) obj.get("metadata")).putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = obj.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", address);
        ObjectNode p = subset.putArray("ports").addObject();
        p.put("name", "https");
        p.put("port", port);
        p.put("protocol", "TCP");
        createOrReplaceField(ep, obj, "subsets");
    }

    private void ensureEndpointSlice(String address, int port) {
        ResourceDescriptor slices = registry.find("discovery.k8s.io", "v1", "endpointslices").orElse(null);
        if (slices == null) {
            return;
        }
        ObjectNode obj = object("discovery.k8s.io/v1", "EndpointSlice", "default", "kubernetes");
        ((ObjectNode) obj.get("metadata")).putObject("labels").put("kubernetes.io/service-name", "kubernetes");
        obj.put("addressType", "IPv4");
        ArrayNode endpoints = obj.putArray("endpoints");
        ObjectNode e = endpoints.addObject();
        e.putArray("addresses").add(address);
        e.putObject("conditions").put("ready", true);
        ObjectNode p = obj.putArray("ports").addObject();
        p.put("name", "https");
        p.put("port", port);
        p.put("protocol", "TCP");
        createOrReplaceField(slices, obj, "endpoints");
        createOrReplaceField(slices, obj, "ports");
    }

    private void createOrReplaceField(ResourceDescriptor d, ObjectNode obj, String field) {
        String key = d.storageKey(obj.path("metadata").path("namespace").asString(null),
                obj.path("metadata").path("name").asString());
        for (int attempt = 0; attempt < 4; attempt++) {
            Versioned existing = storage.get(key);
            if (existing == null) {
                if (storage.create(key, obj).succeeded()) {
                    return;
                }
                continue;
            }
            if (existing.object().path(field).equals(obj.get(field))) {
                return;
            }
            ObjectNode updated = existing.object().deepCopy();
            updated.set(field, obj.get(field).deepCopy());
            if (storage.update(key, updated, existing.modRevision()).succeeded()) {
                return;
            }
        }
    }

    private void createIfAbsent(ResourceDescriptor d, ObjectNode obj) {
        String key = d.storageKey(obj.path("metadata").path("namespace").asString(null),
                obj.path("metadata").path("name").asString());
        if (storage.get(key) == null) {
            storage.create(key, obj);
        }
    }

    private static ObjectNode object(String apiVersion, String kind, String namespace, String name) {
        ObjectNode obj = Json.object();
        obj.put("kind", kind);
        obj.put("apiVersion", apiVersion);
        ObjectNode meta = obj.putObject("metadata");
        meta.put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Json.timestamp(Instant.now()));
        return obj;
    }
}
