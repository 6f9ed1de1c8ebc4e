package dev.jube.controllers.serviceaccount;

import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** What the per-namespace publishers share: a namespace's changes queue it; only active ones get objects. */
final class ActiveNamespaces {

    private ActiveNamespaces() {}

    /** Queues a namespace by name whenever it is added or changes. */
    static void queueChanges(SharedIndexInformer<Namespace> namespaces, WorkQueue queue) {
        namespaces.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace ns) {
                queue.add(ns.getMetadata().getName());
            }

            @Override
            public void onUpdate(Namespace oldNs, Namespace ns) {
                queue.add(ns.getMetadata().getName());
            }

            @Override
            public void onDelete(Namespace ns, boolean unknown) {}
        });
    }

    /** The namespace, when it exists and is not being deleted; objects are not created in others. */
    static Namespace active(SharedIndexInformer<Namespace> namespaces, String name) {
        Namespace ns = namespaces.getIndexer().getByKey(name);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
                || (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()))) {
            return null;
        }
        return ns;
    }
}
