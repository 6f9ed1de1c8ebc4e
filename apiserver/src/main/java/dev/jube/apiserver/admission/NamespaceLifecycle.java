package dev.jube.apiserver.admission;

import dev.jube.apiserver.endpoints.ApiException;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import dev.jube.store.Store;
import java.util.Set;

/**
 * Namespaces in use: new objects only go into namespaces that exist and are not being deleted,
 * and the namespaces the system relies on cannot be deleted, as upstream's NamespaceLifecycle
 * admission plugin does.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {

    /** Namespaces that may not be deleted. */
    public static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");
    private static final String NAMESPACE_PREFIX = "/registry/namespaces/";

    private final ObjectStorage storage;

    public NamespaceLifecycle(Store store) {
        this.storage = new ObjectStorage(store);
    }

    @Override
    public void admit(AdmissionRequest request) {
        ResourceDescriptor d = request.descriptor();
        if (d.group().isEmpty() && d.resource().equals("namespaces")) {
            if (request.operation() == AdmissionRequest.Operation.DELETE && IMMORTAL.contains(request.name())) {
                throw ApiException.forbidden("namespaces \"" + request.name()
                        + "\" is forbidden: this namespace may not be deleted");
            }
            return;
        }
        if (request.operation() != AdmissionRequest.Operation.CREATE || !d.namespaced()
                || request.namespace() == null) {
            return;
        }
        Versioned ns = storage.get(NAMESPACE_PREFIX + request.namespace());
        if (ns == null) {
            throw ApiException.namespaceNotFound(request.namespace());
        }
        boolean terminating = ns.object().path("metadata").has("deletionTimestamp")
                || "Terminating".equals(ns.object().path("status").path("phase").asString(""));
        if (terminating) {
            throw ApiException.forbidden(d.qualifiedResource() + " \"" + (request.name() == null ? "" : request.name())
                    + "\" is forbidden: unable to create new content in namespace " + request.namespace()
                    + " because it is being terminated");
        }
    }
}
