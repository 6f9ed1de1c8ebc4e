package dev.jube.controllers.namespace;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.WorkQueue;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties namespaces that are being deleted (upstream's NamespaceController): marks the
 * namespace Terminating, deletes every namespaced object of every resource found through
 * discovery, waits until none is left, then removes the {@code kubernetes} finalizer through
 * the {@code namespaces/NAME/finalize} subresource so the API server can remove the namespace.
 */
public final class NamespaceController implements Controller {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceController.class);
    public static final String FINALIZER = "kubernetes";
    /** How long to wait before checking again while content is still being removed. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    private KubernetesClient client;
    private WorkQueue queue;
    private SharedIndexInformer<Namespace> namespaces;

    @Override
    public String name() {
        return "namespace";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.client = context.client();
        this.queue = queue;
        this.namespaces = context.informer(Namespace.class);
        namespaces.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace ns) {
                if (ns.getMetadata().getDeletionTimestamp() != null) {
                    queue.add(ns.getMetadata().getName());
                }
            }

            @Override
            public void onUpdate(Namespace oldNs, Namespace ns) {
                if (ns.getMetadata().getDeletionTimestamp() != null) {
                    queue.add(ns.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Namespace ns, boolean unknown) {}
        });
    }

    @Override
    public void reconcile(String name) {
        Namespace ns = namespaces.getIndexer().getByKey(name);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() == null) {
            return;
        }
        if (ns.getStatus() == null || !"Terminating".equals(ns.getStatus().getPhase())) {
            Namespace copy = new NamespaceBuilder(ns).editOrNewStatus().withPhase("Terminating").endStatus().build();
            ns = client.namespaces().resource(copy).updateStatus();
        }
        int remaining = deleteAllContent(name);
        if (remaining > 0) {
            LOG.debug("namespace {}: {} objects still being removed", name, remaining);
            queue.addAfter(name, RECHECK);
            return;
        }
        finalizeNamespace(ns);
    }

    /** Deletes the namespace's objects of every namespaced resource; how many are left. */
    private int deleteAllContent(String namespace) {
        int remaining = 0;
        for (ResourceDefinitionContext resource : namespacedResources()) {
            var op = client.genericKubernetesResources(resource).inNamespace(namespace);
            List<GenericKubernetesResource> items;
            try {
                items = op.list().getItems();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404 || e.getCode() == 405) {
                    continue;
                }
                throw e;
            }
            for (GenericKubernetesResource item : items) {
                remaining++;
                if (item.getMetadata().getDeletionTimestamp() != null) {
                    continue; // already going; finalizers or a grace period keep it a while
                }
                try {
                    op.withName(item.getMetadata().getName()).delete();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
        }
        return remaining;
    }

    /** Every namespaced resource that can be listed and deleted, in each group's preferred version. */
    private List<ResourceDefinitionContext> namespacedResources() {
        List<ResourceDefinitionContext> out = new ArrayList<>();
        add(out, "v1", client.getApiResources("v1"));
        if (client.getApiGroups() != null && client.getApiGroups().getGroups() != null) {
            for (APIGroup g : client.getApiGroups().getGroups()) {
                if (g.getPreferredVersion() != null) {
                    String gv = g.getPreferredVersion().getGroupVersion();
                    add(out, gv, client.getApiResources(gv));
                }
            }
        }
        return out;
    }

    private static void add(List<ResourceDefinitionContext> out, String gv, APIResourceList list) {
        if (list == null || list.getResources() == null) {
            return;
        }
        for (APIResource r : list.getResources()) {
            List<String> verbs = r.getVerbs() == null ? List.of() : r.getVerbs();
            if (Boolean.TRUE.equals(r.getNamespaced()) && !r.getName().contains("/")
                    && verbs.contains("list") && verbs.contains("delete")) {
                out.add(ResourceDefinitionContext.fromApiResource(gv, r));
            }
        }
    }

    /** Removes the kubernetes finalizer through the finalize subresource. */
    private void finalizeNamespace(Namespace ns) {
        List<String> finalizers = ns.getSpec() == null || ns.getSpec().getFinalizers() == null
                ? List.of() : ns.getSpec().getFinalizers();
        if (!finalizers.contains(FINALIZER)) {
            return;
        }
        List<String> rest = new ArrayList<>(finalizers);
        rest.remove(FINALIZER);
        Namespace copy = new NamespaceBuilder(ns).editOrNewSpec().withFinalizers(rest).endSpec().build();
        String path = "/api/v1/namespaces/" + ns.getMetadata().getName() + "/finalize";
        client.raw(client.getMasterUrl().toString().replaceAll("/$", "") + path, "PUT", copy);
    }
}
