package dev.jube.apiserver.crd;

import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.ResourceRegistry;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import dev.jube.apiserver.storage.ObjectStorage.WriteResult;
import dev.jube.apiserver.watchcache.WatchCache;
import dev.jube.apiserver.watchcache.WatchItem;
import dev.jube.apiserver.json.Json;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves what CustomResourceDefinitions define, as upstream's apiextensions controllers do
 * together: checks a CRD's names against what is already served (NamesAccepted), registers a
 * descriptor per served version and marks the CRD Established, and on deletion removes the
 * custom resources before releasing the CRD's cleanup finalizer. It follows the CRDs through the
 * watch cache; every event re-reads the CRD from storage, so a late event never undoes a newer
 * state.
 */
public final class CustomResourceDefinitionController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CustomResourceDefinitionController.class);
    private static final int WATCH_QUEUE_LIMIT = 100_000;

    private final ResourceRegistry registry;
    private final ObjectStorage storage;
    private final WatchCache cache;
    private final ResourceDescriptor crds;
    /** The spec each CRD's descriptors were built from, so a status-only change registers nothing. */
    private final Map<String, JsonNode> servedSpecs = new ConcurrentHashMap<>();
    /** CRDs whose objects are being deleted: still served, without create. */
    private final Set<String> terminating = ConcurrentHashMap.newKeySet();
    private final Set<String> rechecks = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private Thread loop;

    public CustomResourceDefinitionController(ResourceRegistry registry, ObjectStorage storage, WatchCache cache) {
        this.registry = registry;
        this.storage = storage;
        this.cache = cache;
        this.crds = registry.find("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
    }

    /** Serves every stored CRD before returning, then follows changes in the background. */
    public CustomResourceDefinitionController start() {
        resync();
        loop = Thread.ofVirtual().name("crd-controller").start(this::run);
        return this;
    }

    private void run() {
        while (!closed) {
            try {
                WatchCache.Subscription sub = cache.watch(crds.storagePrefix(), o -> true, -1, WATCH_QUEUE_LIMIT,
                        false);
                try (var watcher = sub.watcher()) {
                    resync();
                    while (!closed) {
                        WatchItem item = watcher.poll(1, TimeUnit.SECONDS);
                        if (item instanceof WatchItem.Event e) {
                            reconcile(e.object().key());
                        } else if (item instanceof WatchItem.Ended) {
                            break;
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | WatchCache.TooOldException e) {
                if (closed) {
                    return;
                }
                LOG.warn("custom resource definition watch failed; starting over", e);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Reconciles every stored CRD and stops serving the ones that are gone. */
    private void resync() {
        Set<String> present = new HashSet<>();
        String from = crds.storagePrefix();
        while (true) {
            ObjectStorage.Page page = storage.list(crds.storagePrefix(), from, 0, 500);
            for (Versioned v : page.items()) {
                present.add(v.key());
                reconcile(v.key());
            }
            if (!page.more()) {
                break;
            }
            from = page.lastKey() + "\0";
        }
        for (String owner : registry.owners()) {
            if (!present.contains(crds.storagePrefix() + owner)) {
                servedSpecs.remove(owner);
                registry.unregister(owner);
            }
        }
    }

    /**
     * Brings what is served for one CRD in line with its stored state; one CRD at a time, so two
     * CRDs never both claim a free name.
     */
    synchronized void reconcile(String key) {
        String name = key.substring(crds.storagePrefix().length());
        try {
            Versioned v = storage.get(key);
            if (v == null) {
                servedSpecs.remove(name);
                terminating.remove(name);
                registry.unregister(name);
                return;
            }
            if (v.object().path("metadata").has("deletionTimestamp")) {
                cleanUp(name, v);
                return;
            }
            establish(name, v);
        } catch (RuntimeException e) {
            LOG.warn("could not reconcile custom resource definition {}", name, e);
        }
    }

    private void establish(String name, Versioned v) {
        ObjectNode crd = v.object();
        NameConflicts.Conflict conflict = NameConflicts.find(registry, name, crd);
        ObjectNode updated = crd.deepCopy();
        JsonNode spec = crd.path("spec");
        if (conflict == null && !(spec.equals(servedSpecs.get(name)) && !registry.registered(name).isEmpty())) {
            try {
                registry.register(name, CustomResourceDescriptors.of(crd));
                servedSpecs.put(name, spec.deepCopy());
            } catch (IllegalArgumentException e) {
                conflict = new NameConflicts.Conflict("PluralConflict", e.getMessage());
            }
        }
        if (conflict != null) {
            CustomResourceDefinitionStrategy.setCondition(updated, "NamesAccepted", "False", conflict.reason(),
                    conflict.message());
            if (registry.registered(name).isEmpty()) {
                CustomResourceDefinitionStrategy.setCondition(updated, "Established", "False", "NotAccepted",
                        "not all names are accepted");
            }
        } else {
            ObjectNode accepted = ((ObjectNode) updated.path("status")).putObject("acceptedNames");
            JsonNode names = crd.path("spec").path("names");
            accepted.put("plural", names.path("plural").asString(""));
            accepted.put("singular", names.path("singular").asString(""));
            if (names.has("shortNames")) {
                accepted.set("shortNames", names.get("shortNames").deepCopy());
            }
            accepted.put("kind", names.path("kind").asString(""));
            accepted.put("listKind", names.path("listKind").asString(""));
            if (names.has("categories")) {
                accepted.set("categories", names.get("categories").deepCopy());
            }
            CustomResourceDefinitionStrategy.setCondition(updated, "NamesAccepted", "True", "NoConflicts",
                    "no conflicts found");
            CustomResourceDefinitionStrategy.setCondition(updated, "Established", "True", "InitialNamesAccepted",
                    "the initial names have been accepted");
        }
        if (!updated.equals(crd)) {
            // A lost race means a newer CRD, whose own event reconciles it again.
            storage.update(v.key(), updated, v.modRevision());
        }
    }

    /**
     * Deletes every custom resource of a terminating CRD, then lets the CRD go. Until the last
     * one is gone the resources stay served (whoever owns their finalizers must reach them) but
     * take no new objects, as upstream.
     */
    private void cleanUp(String name, Versioned v) {
        ObjectNode crd = v.object();
        if (terminating.add(name)) {
            servedSpecs.remove(name);
            try {
                registry.register(name, CustomResourceDescriptors.of(crd, true));
            } catch (IllegalArgumentException e) {
                registry.unregister(name);
            }
        }
        ObjectNode marked = crd.deepCopy();
        CustomResourceDefinitionStrategy.setCondition(marked, "Terminating", "True", "InstanceDeletionInProgress",
                "CustomResource deletion is in progress");
        if (!marked.equals(crd)) {
            WriteResult w = storage.update(v.key(), marked, v.modRevision());
            if (!w.succeeded()) {
                return;
            }
            v = new Versioned(v.key(), marked, w.revision());
        }
        JsonNode spec = crd.path("spec");
        String prefix = "/registry/" + spec.path("group").asString("") + "/"
                + spec.path("names").path("plural").asString("") + "/";
        if (deleteObjects(prefix)) {
            recheckSoon(v.key());
            return;
        }
        terminating.remove(name);
        registry.unregister(name);
        ObjectNode released = v.object().deepCopy();
        ArrayNode finalizers = ((ObjectNode) released.path("metadata")).withArray("finalizers");
        for (int i = finalizers.size() - 1; i >= 0; i--) {
            if (CustomResourceDefinitionStrategy.CLEANUP_FINALIZER.equals(finalizers.get(i).asString(""))) {
                finalizers.remove(i);
            }
        }
        if (finalizers.isEmpty()) {
            storage.delete(v.key(), v.modRevision());
        } else {
            storage.update(v.key(), released, v.modRevision());
        }
    }

    /**
     * Deletes the objects under {@code prefix}; ones with finalizers are only marked for
     * deletion. Returns whether any object is left.
     */
    private boolean deleteObjects(String prefix) {
        boolean remaining = false;
        String from = prefix;
        while (true) {
            ObjectStorage.Page page = storage.list(prefix, from, 0, 500);
            for (Versioned cr : page.items()) {
                JsonNode meta = cr.object().path("metadata");
                if (meta.path("finalizers").isEmpty()) {
                    remaining |= !storage.delete(cr.key(), cr.modRevision()).succeeded();
                    continue;
                }
                remaining = true;
                if (!meta.has("deletionTimestamp")) {
                    ObjectNode marked = cr.object().deepCopy();
                    ((ObjectNode) marked.get("metadata")).put("deletionTimestamp", Json.timestamp(Instant.now()))
                            .put("deletionGracePeriodSeconds", 0);
                    storage.update(cr.key(), marked, cr.modRevision());
                }
            }
            if (!page.more()) {
                return remaining;
            }
            from = page.lastKey() + "\0";
        }
    }

    /** Looks at a terminating CRD again shortly: its remaining objects wait for their finalizers. */
    private void recheckSoon(String key) {
        if (!rechecks.add(key)) {
            return;
        }
        Thread.ofVirtual().name("crd-cleanup-recheck").start(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } finally {
                rechecks.remove(key);
            }
            if (!closed) {
                reconcile(key);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        if (loop != null) {
            loop.interrupt();
        }
    }
}
