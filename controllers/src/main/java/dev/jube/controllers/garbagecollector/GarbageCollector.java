package dev.jube.controllers.garbagecollector;

import dev.jube.controllers.framework.Controller;
import dev.jube.controllers.framework.ControllerContext;
import dev.jube.controllers.framework.WorkQueue;
import dev.jube.controllers.garbagecollector.DependencyGraph.Node;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector (upstream's): watches every resource that can be listed, watched and
 * deleted, keeps the owner/dependent graph, and
 * <ul>
 *   <li>deletes objects whose owners are all gone (background cascading deletion);</li>
 *   <li>for an owner being deleted with the {@code orphan} finalizer, removes its owner
 *       references from the dependents, then the finalizer;</li>
 *   <li>for an owner being deleted with the {@code foregroundDeletion} finalizer, deletes its
 *       dependents (those with dependents of their own in the foreground too) and removes the
 *       finalizer once no dependent with blockOwnerDeletion remains.</li>
 * </ul>
 * Work keys are "delete:UID" (check whether the object should go) and "orphan:UID".
 */
public final class GarbageCollector implements Controller {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    public static final String ORPHAN = "orphan";
    public static final String FOREGROUND = "foregroundDeletion";
    private static final String DELETE = "delete:";
    private static final String ORPHAN_KEY = "orphan:";

    private final Duration rediscovery;
    private final DependencyGraph graph = new DependencyGraph();
    private final Map<String, SharedIndexInformer<? extends HasMetadata>> monitors = new ConcurrentHashMap<>();
    private volatile ResourceCatalog catalog;
    private KubernetesClient client;
    private WorkQueue queue;
    private ControllerContext context;
    private ScheduledExecutorService rediscover;

    public GarbageCollector() {
        this(Duration.ofSeconds(30));
    }

    /** @param rediscovery how often discovery is read again to monitor new resources (e.g. CRDs) */
    public GarbageCollector(Duration rediscovery) {
        this.rediscovery = rediscovery;
    }

    @Override
    public String name() {
        return "garbagecollector";
    }

    @Override
    public void init(ControllerContext context, WorkQueue queue) {
        this.context = context;
        this.client = context.client();
        this.queue = queue;
        syncMonitors();
        rediscover = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "garbagecollector-discovery");
            t.setDaemon(true);
            return t;
        });
        rediscover.scheduleWithFixedDelay(() -> {
            try {
                syncMonitors();
            } catch (RuntimeException e) {
                LOG.warn("garbage collector discovery failed: {}", e.getMessage());
            }
        }, rediscovery.toMillis(), rediscovery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts an informer for every monitored resource that has none yet. At start, kinds with a
     * built-in class use the manager's shared typed informers, so an object is decoded once for
     * all controllers (a generic informer decodes it typed and then converts it); kinds found
     * later (custom resources) get a generic informer of their own.
     */
    private synchronized void syncMonitors() {
        ResourceCatalog found = ResourceCatalog.discover(client);
        catalog = found;
        for (Map.Entry<String, ResourceDefinitionContext> e : found.monitored().entrySet()) {
            if (monitors.containsKey(e.getKey())) {
                continue;
            }
            ResourceDefinitionContext resource = e.getValue();
            Class<? extends HasMetadata> type = rediscover == null ? builtIn(resource) : null;
            if (type != null) {
                monitors.put(e.getKey(), monitor(context.informer(type), resource));
                continue;
            }
            SharedIndexInformer<GenericKubernetesResource> informer =
                    client.genericKubernetesResources(resource).inAnyNamespace().runnableInformer(0);
            monitors.put(e.getKey(), monitor(informer, resource));
            context.track(informer);
            informer.start();
        }
    }

    @SuppressWarnings("unchecked")
    private Class<? extends HasMetadata> builtIn(ResourceDefinitionContext resource) {
        String apiVersion = resource.getGroup() == null || resource.getGroup().isEmpty() ? resource.getVersion()
                : resource.getGroup() + "/" + resource.getVersion();
        Class<?> type = client.getKubernetesSerialization().getRegisteredKubernetesResource(apiVersion,
                resource.getKind());
        return type != null && HasMetadata.class.isAssignableFrom(type) && type != GenericKubernetesResource.class
                ? (Class<? extends HasMetadata>) type : null;
    }

    private <T extends HasMetadata> SharedIndexInformer<T> monitor(SharedIndexInformer<T> informer,
                                                                   ResourceDefinitionContext resource) {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed(resource, null, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed(resource, oldObj, newObj);
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
                deleted(obj);
            }
        });
        return informer;
    }

    private void changed(ResourceDefinitionContext resource, HasMetadata oldObj, HasMetadata obj) {
        Node n = DependencyGraph.nodeOf(resource, obj);
        Node old = graph.put(n);
        if (n.deleting() && n.hasFinalizer(ORPHAN)) {
            queue.add(ORPHAN_KEY + n.uid());
        }
        if (n.deletingDependents()) {
            queue.add(DELETE + n.uid());
            for (Node dep : graph.dependentsOf(n.uid())) {
                queue.add(DELETE + dep.uid());
            }
        }
        for (OwnerReference r : n.owners()) {
            Node owner = graph.get(r.getUid());
            if (owner == null || owner.deletingDependents()) {
                // The owner may be gone (or is waiting for us): look at this object.
                queue.add(DELETE + n.uid());
                break;
            }
        }
        if (old != null) {
            // An owner reference that went away may have been what a foreground deletion waited for.
            Set<String> now = new HashSet<>();
            n.owners().forEach(r -> now.add(r.getUid()));
            for (OwnerReference r : old.owners()) {
                Node owner = graph.get(r.getUid());
                if (!now.contains(r.getUid()) && owner != null && owner.deletingDependents()) {
                    queue.add(DELETE + owner.uid());
                }
            }
        }
    }

    private void deleted(HasMetadata obj) {
        Node gone = graph.remove(obj.getMetadata().getUid());
        if (gone == null) {
            return;
        }
        for (Node dep : graph.dependentsOf(gone.uid())) {
            queue.add(DELETE + dep.uid());
        }
        for (OwnerReference r : gone.owners()) {
            Node owner = graph.get(r.getUid());
            if (owner != null && owner.deletingDependents()) {
                queue.add(DELETE + owner.uid());
            }
        }
    }

    @Override
    public void reconcile(String key) {
        if (key.startsWith(ORPHAN_KEY)) {
            orphanDependents(key.substring(ORPHAN_KEY.length()));
        } else if (key.startsWith(DELETE)) {
            attemptToDelete(key.substring(DELETE.length()));
        } else {
            throw new IllegalArgumentException("unknown garbage collector key: " + key);
        }
    }

    private Resource<GenericKubernetesResource> resource(ResourceDefinitionContext ctx, String namespace, String name) {
        var op = client.genericKubernetesResources(ctx);
        return ctx.isNamespaceScoped() ? op.inNamespace(namespace).withName(name) : op.withName(name);
    }

    private GenericKubernetesResource live(Node n) {
        GenericKubernetesResource obj = resource(n.resource(), n.namespace(), n.name()).get();
        return obj != null && n.uid().equals(obj.getMetadata().getUid()) ? obj : null;
    }

    private enum OwnerState { SOLID, DANGLING, WAITING }

    /** Whether an owner exists (solid), is gone (dangling), or is being deleted in the foreground (waiting). */
    private OwnerState classify(Node dependent, OwnerReference ref) {
        Node owner = graph.get(ref.getUid());
        if (owner != null) {
            return owner.deletingDependents() ? OwnerState.WAITING : OwnerState.SOLID;
        }
        // Not in the graph: ask the API server, as the graph may lag behind.
        ResourceDefinitionContext ctx = catalog.forOwner(ref.getApiVersion(), ref.getKind());
        if (ctx == null) {
            throw new IllegalStateException("no served resource for owner kind " + ref.getApiVersion() + "/" + ref.getKind());
        }
        GenericKubernetesResource obj;
        try {
            obj = resource(ctx, dependent.namespace(), ref.getName()).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return OwnerState.DANGLING;
            }
            throw e;
        }
        if (obj == null || !ref.getUid().equals(obj.getMetadata().getUid())) {
            return OwnerState.DANGLING;
        }
        List<String> finalizers = obj.getMetadata().getFinalizers();
        if (obj.getMetadata().getDeletionTimestamp() != null && finalizers != null && finalizers.contains(FOREGROUND)) {
            return OwnerState.WAITING;
        }
        return OwnerState.SOLID;
    }

    private void attemptToDelete(String uid) {
        Node n = graph.get(uid);
        if (n == null) {
            return;
        }
        if (n.deleting() && !n.deletingDependents()) {
            return; // already going away
        }
        GenericKubernetesResource latest = live(n);
        if (latest == null) {
            return;
        }
        Node current = DependencyGraph.nodeOf(n.resource(), latest);
        if (current.deletingDependents()) {
            processDeletingDependents(current, latest);
            return;
        }
        if (current.owners().isEmpty()) {
            return;
        }
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference r : current.owners()) {
            switch (classify(current, r)) {
                case SOLID -> solid.add(r);
                case DANGLING -> dangling.add(r);
                case WAITING -> waiting.add(r);
            }
        }
        if (!solid.isEmpty()) {
            if (dangling.isEmpty() && waiting.isEmpty()) {
                return;
            }
            // Still owned by someone: only drop the references to owners that are gone or going.
            Set<String> drop = new HashSet<>();
            dangling.forEach(r -> drop.add(r.getUid()));
            waiting.forEach(r -> drop.add(r.getUid()));
            removeOwnerReferences(current, latest, drop);
            return;
        }
        if (!waiting.isEmpty() && !graph.dependentsOf(uid).isEmpty()) {
            // Our owner waits for us, and we have dependents: they go first, so we go in the foreground too.
            delete(current, DeletionPropagation.FOREGROUND);
            return;
        }
        DeletionPropagation policy = current.hasFinalizer(ORPHAN) ? DeletionPropagation.ORPHAN
                : current.hasFinalizer(FOREGROUND) ? DeletionPropagation.FOREGROUND : DeletionPropagation.BACKGROUND;
        delete(current, policy);
    }

    /** Foreground deletion: once no dependent blocks the owner, its finalizer goes; else dependents are deleted. */
    private void processDeletingDependents(Node owner, GenericKubernetesResource latest) {
        List<Node> blocking = new ArrayList<>();
        for (Node dep : graph.dependentsOf(owner.uid())) {
            for (OwnerReference r : dep.owners()) {
                if (owner.uid().equals(r.getUid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion())) {
                    blocking.add(dep);
                }
            }
        }
        if (blocking.isEmpty()) {
            removeFinalizer(owner, latest, FOREGROUND);
            return;
        }
        for (Node dep : blocking) {
            if (!dep.deletingDependents()) {
                queue.add(DELETE + dep.uid());
            }
        }
    }

    private void orphanDependents(String uid) {
        Node n = graph.get(uid);
        if (n == null) {
            return;
        }
        GenericKubernetesResource latest = live(n);
        if (latest == null || latest.getMetadata().getDeletionTimestamp() == null
                || latest.getMetadata().getFinalizers() == null || !latest.getMetadata().getFinalizers().contains(ORPHAN)) {
            return;
        }
        for (Node dep : graph.dependentsOf(uid)) {
            GenericKubernetesResource depLatest = live(dep);
            if (depLatest != null) {
                removeOwnerReferences(dep, depLatest, Set.of(uid));
            }
        }
        removeFinalizer(n, latest, ORPHAN);
    }

    private void removeOwnerReferences(Node n, GenericKubernetesResource latest, Set<String> ownerUids) {
        List<OwnerReference> refs = new ArrayList<>(latest.getMetadata().getOwnerReferences() == null
                ? List.of() : latest.getMetadata().getOwnerReferences());
        if (!refs.removeIf(r -> ownerUids.contains(r.getUid()))) {
            return;
        }
        latest.getMetadata().setOwnerReferences(refs.isEmpty() ? null : refs);
        update(n, latest);
    }

    private void removeFinalizer(Node n, GenericKubernetesResource latest, String finalizer) {
        List<String> finalizers = new ArrayList<>(latest.getMetadata().getFinalizers());
        if (!finalizers.remove(finalizer)) {
            return;
        }
        latest.getMetadata().setFinalizers(finalizers.isEmpty() ? null : finalizers);
        update(n, latest);
    }

    private void update(Node n, GenericKubernetesResource obj) {
        try {
            var op = client.genericKubernetesResources(n.resource());
            (n.resource().isNamespaceScoped() ? op.inNamespace(n.namespace()) : op).resource(obj).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /**
     * Deletes with a propagation policy; the API server records Orphan and Foreground as the
     * object's orphan and foregroundDeletion finalizers, which this collector then honours.
     */
    private void delete(Node n, DeletionPropagation policy) {
        LOG.debug("deleting {} {}/{} ({})", n.resource().getPlural(), n.namespace(), n.name(), policy);
        try {
            resource(n.resource(), n.namespace(), n.name()).withPropagationPolicy(policy).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** For tests: whether the collector monitors a resource ("group/plural", core group empty). */
    public boolean monitors(String groupResource) {
        return monitors.containsKey(groupResource);
    }

    @Override
    public void close() {
        if (rediscover != null) {
            rediscover.shutdownNow();
        }
        monitors.values().forEach(SharedIndexInformer::stop);
        Objects.requireNonNull(graph);
    }
}
