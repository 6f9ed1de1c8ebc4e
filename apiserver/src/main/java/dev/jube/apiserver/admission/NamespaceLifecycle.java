package dev.jube.apiserver.admission;

import dev.jube.apiserver.endpoints.ApiException;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces in use: new objects only go into namespaces that exist and are not being deleted,
 * and the namespaces the system relies on cannot be deleted, as upstream's NamespaceLifecycle
 * admission plugin does.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {

    /** Namespaces that may not be deleted. */
    public static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");
    private static final String NAMESPACE_PREFIX = "/registry/namespaces/";

    /** How long after a namespace's deletion was admitted its lookups bypass the cache. */
    private static final long LIVE_LOOKUP_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Namespaces whose deletion was admitted lately, with when: the cache may not show them
     * terminating yet, so creations in them read storage (upstream's forced live lookups).
     */
    private final Map<String, Long> recentlyDeleted = new ConcurrentHashMap<>();

    @Override
    public void admit(AdmissionRequest request) {
        ResourceDescriptor d = request.descriptor();
        if (d.group().isEmpty() && d.resource().equals("namespaces")) {
            if (request.operation() == AdmissionRequest.Operation.DELETE) {
                if (IMMORTAL.contains(request.name())) {
                    throw ApiException.forbidden("namespaces \"" + request.name()
                            + "\" is forbidden: this namespace may not be deleted");
                }
                long now = System.nanoTime();
                recentlyDeleted.values().removeIf(at -> now - at > LIVE_LOOKUP_NANOS);
                recentlyDeleted.put(request.name(), now);
            }
            return;
        }
        if (request.operation() != AdmissionRequest.Operation.CREATE || !d.namespaced()
                || request.namespace() == null) {
            return;
        }
        String key = NAMESPACE_PREFIX + request.namespace();
        Long deletedAt = recentlyDeleted.get(request.namespace());
        ObjectNode ns = deletedAt != null && System.nanoTime() - deletedAt <= LIVE_LOOKUP_NANOS
                ? request.objects().getStored(key) : request.objects().get(key);
        if (ns == null) {
            throw ApiException.namespaceNotFound(request.namespace());
        }
        boolean terminating = ns.path("metadata").has("deletionTimestamp")
                || "Terminating".equals(ns.path("status").path("phase").asString(""));
        if (terminating) {
            throw ApiException.forbidden(d.qualifiedResource() + " \"" + (request.name() == null ? "" : request.name())
                    + "\" is forbidden: unable to create new content in namespace " + request.namespace()
                    + " because it is being terminated");
        }
    }
}
