package dev.jube.scheduler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about pods off the scheduling thread. A repeat of the same event (same
 * pod, reason and message) raises the count of the existing Event instead of creating another,
 * as upstream's event correlator does.
 */
public final class EventRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_REMEMBERED = 4096;

    private final KubernetesClient client;
    private final String instance;
    private static final int WRITERS = 8;

    /** Events of one pod, reason and message go through one writer, in order; other events in parallel. */
    private final ExecutorService[] writers = new ExecutorService[WRITERS];
    private final Map<String, Event> recent = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> e) {
            return size() > MAX_REMEMBERED;
        }
    });

    /** @param instance this scheduler's identity (reportingInstance) */
    public EventRecorder(KubernetesClient client, String instance) {
        this.client = client;
        this.instance = instance;
        // One writer paced every Scheduled event by a round trip each: about 250 a second.
        ThreadFactory threads = Thread.ofVirtual().name("scheduler-events-", 0).factory();
        for (int i = 0; i < WRITERS; i++) {
            writers[i] = Executors.newSingleThreadExecutor(threads);
        }
    }

    /** "Successfully assigned ns/pod to node". */
    public void scheduled(Pod pod, String node, String schedulerName) {
        record(pod, "Normal", "Scheduled", "Binding", "Successfully assigned " + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName() + " to " + node, schedulerName);
    }

    /** On a victim: "Preempted by pod UID on node N", as upstream's preemption records it. */
    public void preempted(Pod victim, Pod preemptor, String node, String schedulerName) {
        record(victim, "Normal", "Preempted", "Preempting", "Preempted by pod " + preemptor.getMetadata().getUid()
                + " on node " + node, schedulerName);
    }

    public void failedScheduling(Pod pod, String message, String schedulerName) {
        record(pod, "Warning", "FailedScheduling", "Scheduling", message, schedulerName);
    }

    private void record(Pod pod, String type, String reason, String action, String message, String component) {
        Instant now = Instant.now();
        String key = pod.getMetadata().getUid() + "\u0000" + reason + "\u0000" + message;
        try {
            writers[Math.floorMod(key.hashCode(), WRITERS)]
                    .execute(() -> write(key, pod, type, reason, action, message, component, now));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // Shutting down: the event is dropped, as upstream's broadcaster drops on shutdown.
        }
    }

    private void write(String key, Pod pod, String type, String reason, String action, String message,
                       String component, Instant now) {
        String ns = pod.getMetadata().getNamespace();
        String ts = RFC3339.format(now.truncatedTo(ChronoUnit.SECONDS));
        try {
            Event previous = recent.get(key);
            if (previous != null) {
                int count = previous.getCount() == null ? 1 : previous.getCount();
                Event updated = client.v1().events().inNamespace(ns).withName(previous.getMetadata().getName())
                        .edit(e -> {
                            e.setCount(count + 1);
                            e.setLastTimestamp(ts);
                            return e;
                        });
                recent.put(key, updated);
                return;
            }
            Event e = new EventBuilder()
                    .withNewMetadata().withNamespace(ns)
                    .withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime() ^ now.toEpochMilli()))
                    .endMetadata()
                    .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withNamespace(ns)
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                    .withResourceVersion(pod.getMetadata().getResourceVersion()).endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message).withAction(action)
                    .withNewSource().withComponent(component).endSource()
                    .withReportingComponent(component).withReportingInstance(instance)
                    .withFirstTimestamp(ts).withLastTimestamp(ts).withCount(1)
                    .build();
            recent.put(key, client.v1().events().inNamespace(ns).resource(e).create());
        } catch (RuntimeException ex) {
            recent.remove(key);
            LOG.warn("could not record event {} for pod {}/{}: {}", reason, ns, pod.getMetadata().getName(),
                    ex.getMessage());
        }
    }

    @Override
    public void close() {
        for (ExecutorService w : writers) {
            w.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            for (ExecutorService w : writers) {
                w.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ExecutorService w : writers) {
            w.shutdownNow();
        }
    }
}
