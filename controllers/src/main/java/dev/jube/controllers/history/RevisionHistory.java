package dev.jube.controllers.history;

import dev.jube.controllers.deployment.PodTemplateHash;
import dev.jube.api.selector.LabelSelector;
import dev.jube.controllers.framework.OwnerRefs;
import dev.jube.controllers.framework.Selectors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ControllerRevisions of a StatefulSet or DaemonSet (upstream's controller history): one
 * revision per distinct pod template, named PARENT-HASH, numbered in the order templates were
 * last used, so {@code kubectl rollout history} lists them and {@code kubectl rollout undo}
 * patches a revision's data back onto the parent. The data is what upstream stores: a
 * strategic-merge patch {@code {"spec":{"template":{..., "$patch":"replace"}}}}.
 */
public final class RevisionHistory {

    /** The label on revisions (and on pods) naming their revision's hash. */
    public static final String HASH_LABEL = "controller-revision-hash";

    private final KubernetesClient client;
    private final SharedIndexInformer<ControllerRevision> revisions;
    private final String apiVersion;
    private final String kind;
    private final KubernetesSerialization serialization;

    /** The revision the parent's current template maps to, and the collision count that named it. */
    public record Update(ControllerRevision revision, int collisionCount) {}

    public RevisionHistory(KubernetesClient client, SharedIndexInformer<ControllerRevision> revisions,
            String apiVersion, String kind) {
        this.client = client;
        this.revisions = revisions;
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.serialization = client.getKubernetesSerialization();
    }

    /**
     * The parent's revisions, oldest revision number first, after adopting orphaned revisions its
     * selector matches (left behind when an earlier parent was deleted with orphan propagation),
     * so a recreated parent keeps its history and its pods' revisions.
     */
    public List<ControllerRevision> claim(HasMetadata parent, LabelSelector selector) {
        List<ControllerRevision> result = new ArrayList<>();
        for (ControllerRevision r : revisions.getIndexer().byIndex(Cache.NAMESPACE_INDEX,
                parent.getMetadata().getNamespace())) {
            if (OwnerRefs.isControlledBy(r, parent)) {
                result.add(r);
            } else if (OwnerRefs.controllerOf(r) == null && r.getMetadata().getDeletionTimestamp() == null
                    && parent.getMetadata().getDeletionTimestamp() == null
                    && Selectors.matches(selector, r.getMetadata().getLabels())) {
                List<OwnerReference> refs = new ArrayList<>(r.getMetadata().getOwnerReferences() == null
                        ? List.of() : r.getMetadata().getOwnerReferences());
                refs.add(OwnerRefs.controllerRef(parent, apiVersion, kind));
                ControllerRevision copy = new ControllerRevisionBuilder(r).editMetadata().withOwnerReferences(refs)
                        .endMetadata().build();
                try {
                    result.add(client.apps().controllerRevisions().inNamespace(r.getMetadata().getNamespace())
                            .resource(copy).update());
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404 && e.getCode() != 409) {
                        throw e;
                    }
                }
            }
        }
        result.sort(Comparator.comparingLong(RevisionHistory::number)
                .thenComparing(r -> r.getMetadata().getName()));
        return result;
    }

    public static long number(ControllerRevision r) {
        return r.getRevision() == null ? 0 : r.getRevision();
    }

    /** The revision data for {@code template}: a patch that replaces spec.template. */
    public Map<String, Object> dataFor(PodTemplateSpec template) {
        @SuppressWarnings("unchecked")
        Map<String, Object> t = new LinkedHashMap<>(serialization.convertValue(
                template == null ? new PodTemplateSpec() : template, Map.class));
        t.put("$patch", "replace");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("template", t);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("spec", spec);
        return data;
    }

    /** The pod template a revision records. */
    public PodTemplateSpec templateOf(ControllerRevision revision) {
        Map<?, ?> data = serialization.convertValue(revision.getData(), Map.class);
        Object spec = data == null ? null : data.get("spec");
        Object template = spec instanceof Map<?, ?> m ? m.get("template") : null;
        if (!(template instanceof Map<?, ?> t)) {
            return new PodTemplateSpec();
        }
        Map<Object, Object> copy = new HashMap<>(t);
        copy.remove("$patch");
        return serialization.convertValue(copy, PodTemplateSpec.class);
    }

    /** Upstream's HashControllerRevision: FNV over the data, then the collision count in decimal. */
    public static String hash(Object data, int collisionCount) {
        byte[] bytes = PodTemplateHash.canonicalJson(data).getBytes(StandardCharsets.UTF_8);
        byte[] probe = collisionCount == 0 ? new byte[0]
                : Integer.toString(collisionCount).getBytes(StandardCharsets.UTF_8);
        return PodTemplateHash.encodedFnv(bytes, probe);
    }

    /** The revision's hash as its name spells it (NAME-HASH). */
    public static String hashOf(ControllerRevision r) {
        String hash = r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(HASH_LABEL);
        return hash != null ? hash : r.getMetadata().getName().substring(r.getMetadata().getName().lastIndexOf('-') + 1);
    }

    private static boolean sameData(Object a, Object b) {
        return PodTemplateHash.canonicalJson(a).equals(PodTemplateHash.canonicalJson(b));
    }

    /**
     * The revision for the parent's current {@code template}: an existing one with equal data
     * (renumbered as the newest if it was an older one, which is how a rollback shows in
     * history), or a new one. A name taken by a different template bumps the collision count,
     * as upstream does; the caller writes the returned count to status.
     */
    public Update ensure(HasMetadata parent, PodTemplateSpec template, List<ControllerRevision> existing,
            int collisionCount) {
        Map<String, Object> data = dataFor(template);
        long next = existing.isEmpty() ? 1 : number(existing.getLast()) + 1;
        ControllerRevision equal = null;
        for (ControllerRevision r : existing) {
            if (sameData(r.getData(), data)) {
                equal = r;
            }
        }
        if (equal != null) {
            if (equal == existing.getLast()) {
                return new Update(equal, collisionCount);
            }
            return new Update(renumber(equal, next), collisionCount);
        }
        Map<String, String> labels = new HashMap<>();
        if (template != null && template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        String ns = parent.getMetadata().getNamespace();
        for (int attempt = 0; ; attempt++) {
            String hash = hash(data, collisionCount);
            labels.put(HASH_LABEL, hash);
            ControllerRevision revision = new ControllerRevisionBuilder().withNewMetadata()
                    .withName(parent.getMetadata().getName() + "-" + hash).withNamespace(ns)
                    .withLabels(new HashMap<>(labels))
                    .withOwnerReferences(OwnerRefs.controllerRef(parent, apiVersion, kind)).endMetadata()
                    .withData(data).withRevision(next).build();
            try {
                return new Update(client.apps().controllerRevisions().inNamespace(ns).resource(revision).create(),
                        collisionCount);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 100) {
                    throw e;
                }
                ControllerRevision live = client.apps().controllerRevisions().inNamespace(ns)
                        .withName(revision.getMetadata().getName()).get();
                if (live != null && OwnerRefs.isControlledBy(live, parent) && sameData(live.getData(), data)) {
                    // Ours, created by an earlier sync the cache has not shown yet.
                    return new Update(live, collisionCount);
                }
                collisionCount++;
            }
        }
    }

    private ControllerRevision renumber(ControllerRevision r, long revision) {
        ControllerRevision copy = new ControllerRevisionBuilder(r).withRevision(revision).build();
        return client.apps().controllerRevisions().inNamespace(r.getMetadata().getNamespace()).resource(copy).update();
    }

    /**
     * Deletes the oldest revisions beyond {@code limit}, never one in {@code live} (the current
     * and update revisions and those pods still run).
     */
    public void truncate(List<ControllerRevision> existing, Set<String> live, int limit) {
        List<ControllerRevision> history = new ArrayList<>();
        for (ControllerRevision r : existing) {
            if (!live.contains(r.getMetadata().getName())) {
                history.add(r);
            }
        }
        int excess = history.size() - Math.max(0, limit);
        for (int i = 0; i < excess; i++) {
            ControllerRevision r = history.get(i);
            client.apps().controllerRevisions().inNamespace(r.getMetadata().getNamespace())
                    .withName(r.getMetadata().getName()).delete();
        }
    }
}
