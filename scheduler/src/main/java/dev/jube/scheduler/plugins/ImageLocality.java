package dev.jube.scheduler.plugins;

import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.Images;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PreScorePlugin;
import dev.jube.scheduler.framework.ScorePlugin;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;

/**
 * Favours nodes that already have the pod's images, weighing each image by its size and by how
 * widely it is spread (an image on every node says little about this one).
 */
public final class ImageLocality implements PreScorePlugin, ScorePlugin {

    public static final String NAME = "ImageLocality";
    static final long MB = 1024L * 1024;
    static final long MIN_THRESHOLD = 23 * MB;
    static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;
    private static final String KEY = "PreScore" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    /** What every node's score needs: the pod's normalized images, read once per cycle, and the snapshot. */
    private record PodImages(List<String> images, Snapshot snapshot) {}

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, Snapshot snapshot) {
        state.write(KEY, podImages(pod, snapshot));
        return Status.SUCCESS;
    }

    private static PodImages podImages(PodInfo pod, Snapshot snapshot) {
        List<String> images = new ArrayList<>();
        for (List<Container> cs : List.of(pod.pod().getSpec().getInitContainers(), pod.pod().getSpec().getContainers())) {
            for (Container c : cs) {
                images.add(Images.normalize(c.getImage()));
            }
        }
        return new PodImages(images, snapshot);
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        PodImages pi = state.read(KEY);
        if (pi == null) {
            pi = podImages(pod, null);
        }
        Snapshot snapshot = pi.snapshot();
        int total = snapshot == null ? 1 : Math.max(1, snapshot.size());
        long sum = 0;
        if (!node.images().isEmpty()) {
            for (String image : pi.images()) {
                Long size = node.images().get(image);
                if (size != null) {
                    int spread = snapshot == null ? 1 : snapshot.imageNodeCount(image);
                    sum += (long) (size * ((double) spread / total));
                }
            }
        }
        long max = MAX_CONTAINER_THRESHOLD * Math.max(1, pi.images().size());
        sum = Math.max(MIN_THRESHOLD, Math.min(max, sum));
        return MAX_SCORE * (sum - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
    }
}
