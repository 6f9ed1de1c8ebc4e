package dev.jube.kubelet.pods;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.api.ApiException;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.Event;
import dev.jube.kubelet.model.EventSource;
import dev.jube.kubelet.model.ObjectMeta;
import dev.jube.kubelet.model.ObjectReference;
import dev.jube.kubelet.model.Pod;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** core/v1 Events about pods, from component "kubelet" on this node, so `kubectl describe` tells the story. */
public final class PodEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PodEvents.class);

    private final ApiClient client;
    private final String node;

    public PodEvents(ApiClient client, String node) {
        this.client = client;
        this.node = node;
    }

    public void normal(Pod pod, String reason, String message) {
        record(pod, null, "Normal", reason, message);
    }

    public void normal(Pod pod, String reason, String message, Container c) {
        record(pod, c, "Normal", reason, message);
    }

    public void warning(Pod pod, String reason, String message) {
        record(pod, null, "Warning", reason, message);
    }

    public void warning(Pod pod, String reason, String message, Container c) {
        record(pod, c, "Warning", reason, message);
    }

    /** What makes two events the same one (client-go's event correlator keys on these too). */
    private record Key(String uid, String fieldPath, String type, String reason, String message) {}

    /** The event stored for a key, and how often it happened. */
    private record Seen(String name, int count) {}

    private static final int REMEMBERED = 4096;

    /**
     * Events recorded so far, least recently used first: a repeat (a volume that keeps failing to
     * mount, a container that keeps crashing) raises the stored event's count and last time
     * instead of adding one event per attempt, so `kubectl describe` shows "(x8 over 10s)".
     */
    private final Map<Key, Seen> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
            return size() > REMEMBERED;
        }
    };

    private void record(Pod pod, Container c, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String ns = pod.getMetadata().getNamespace();
        String fieldPath = c == null ? null : "spec.containers{" + c.getName() + "}";
        Key key = new Key(pod.getMetadata().getUid(), fieldPath, type, reason, message);
        Seen before;
        synchronized (seen) {
            before = seen.get(key);
        }
        try {
            if (before != null && repeat(ns, before, now)) {
                synchronized (seen) {
                    seen.put(key, new Seen(before.name(), before.count() + 1));
                }
                return;
            }
            String name = pod.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "")
                    .substring(0, 16);
            client.events().create(new Event().withApiVersion("v1").withKind("Event")
                    .withMetadata(new ObjectMeta().withName(name).withNamespace(ns))
                    .withInvolvedObject(new ObjectReference().withKind("Pod").withApiVersion("v1")
                            .withNamespace(ns).withName(pod.getMetadata().getName())
                            .withUid(pod.getMetadata().getUid()).withFieldPath(fieldPath))
                    .withType(type).withReason(reason).withMessage(message)
                    .withSource(new EventSource().withComponent("kubelet").withHost(node))
                    .withReportingComponent("kubelet").withReportingInstance(node)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1));
            synchronized (seen) {
                seen.put(key, new Seen(name, 1));
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot record event {} for pod {}: {}", reason, pod.getMetadata().getName(), e.getMessage());
        }
    }

    /** Raises the stored event's count; false when it is gone (expired), so a new one is made. */
    private boolean repeat(String ns, Seen before, String now) {
        try {
            client.events().patch(ns, before.name(),
                    "{\"count\":" + (before.count() + 1) + ",\"lastTimestamp\":\"" + now + "\"}");
            return true;
        } catch (ApiException e) {
            if (e.code() == 404) {
                return false;
            }
            throw e;
        }
    }
}
