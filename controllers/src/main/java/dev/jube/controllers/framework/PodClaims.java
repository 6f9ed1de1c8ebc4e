package dev.jube.controllers.framework;

import dev.jube.api.selector.LabelSelector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Upstream's ControllerRefManager.ClaimPods for controllers with a label selector: pods the
 * owner controls stay claimed while they match (and are released when they stop matching);
 * matching orphans are adopted, but only after a live read shows the owner still exists and is
 * not being deleted, so a stale cache never adopts into an owner that is going away.
 */
public final class PodClaims {

    private PodClaims() {}

    /**
     * The pods {@code owner} controls after adoption and release.
     *
     * @param candidates the pods of the owner's namespace
     * @param member a further test a pod must pass to belong to the owner (e.g. its name)
     * @param live reads the owner fresh from the API server; null if it is gone
     */
    public static List<Pod> claim(KubernetesClient client, HasMetadata owner, String apiVersion, String kind,
            LabelSelector selector, List<Pod> candidates, Predicate<Pod> member, Supplier<HasMetadata> live) {
        String uid = owner.getMetadata().getUid();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        Boolean canAdopt = null;
        List<Pod> claimed = new ArrayList<>();
        for (Pod pod : candidates) {
            OwnerReference ref = OwnerRefs.controllerOf(pod);
            boolean matches = Selectors.matches(selector, pod.getMetadata().getLabels()) && member.test(pod);
            if (ref != null) {
                if (!uid.equals(ref.getUid())) {
                    continue;
                }
                if (matches) {
                    claimed.add(pod);
                } else if (!ownerDeleting && pod.getMetadata().getDeletionTimestamp() == null) {
                    update(client, pod, refs -> refs.removeIf(r -> uid.equals(r.getUid())));
                }
                continue;
            }
            if (!matches || ownerDeleting || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (canAdopt == null) {
                HasMetadata fresh = live.get();
                canAdopt = fresh != null && uid.equals(fresh.getMetadata().getUid())
                        && fresh.getMetadata().getDeletionTimestamp() == null;
            }
            if (canAdopt) {
                Pod adopted = update(client, pod, refs -> refs.add(OwnerRefs.controllerRef(owner, apiVersion, kind)));
                if (adopted != null) {
                    claimed.add(adopted);
                }
            }
        }
        return claimed;
    }

    private static Pod update(KubernetesClient client, Pod pod,
            java.util.function.Consumer<List<OwnerReference>> change) {
        Pod copy = new PodBuilder(pod).build();
        List<OwnerReference> refs = new ArrayList<>(
                copy.getMetadata().getOwnerReferences() == null ? List.of() : copy.getMetadata().getOwnerReferences());
        change.accept(refs);
        copy.getMetadata().setOwnerReferences(refs.isEmpty() ? null : refs);
        try {
            return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(copy).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
