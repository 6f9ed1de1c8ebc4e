package dev.jube.controllers.testing;

import dev.jube.controllers.framework.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every state of a namespace's pods, one snapshot per watch event (in resourceVersion order), so
 * tests can assert on all intermediate states of a rollout.
 */
public final class PodTimeline implements AutoCloseable {

    /** One state: pods not being deleted, how many of them are ready, images of all pods that exist. */
    public record Snapshot(int active, int ready, Set<String> activeImages, Set<String> allImages) {}

    private final Map<String, Pod> pods = new HashMap<>();
    private final List<Snapshot> snapshots = new ArrayList<>();
    private final Watch watch;

    public PodTimeline(KubernetesClient client, String namespace) {
        var list = client.pods().inNamespace(namespace).list();
        list.getItems().forEach(p -> pods.put(p.getMetadata().getName(), p));
        watch = client.pods().inNamespace(namespace).withResourceVersion(list.getMetadata().getResourceVersion())
                .watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                record(action, pod);
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    private synchronized void record(Watcher.Action action, Pod pod) {
        if (action == Watcher.Action.DELETED) {
            pods.remove(pod.getMetadata().getName());
        } else if (action != Watcher.Action.BOOKMARK) {
            pods.put(pod.getMetadata().getName(), pod);
        }
        int active = 0;
        int ready = 0;
        Set<String> activeImages = new TreeSet<>();
        Set<String> allImages = new TreeSet<>();
        for (Pod p : pods.values()) {
            String image = p.getSpec().getContainers().getFirst().getImage();
            allImages.add(image);
            if (p.getMetadata().getDeletionTimestamp() == null) {
                active++;
                activeImages.add(image);
                if (Pods.isReady(p)) {
                    ready++;
                }
            }
        }
        snapshots.add(new Snapshot(active, ready, activeImages, allImages));
    }

    public synchronized List<Snapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    @Override
    public void close() {
        watch.close();
    }
}
