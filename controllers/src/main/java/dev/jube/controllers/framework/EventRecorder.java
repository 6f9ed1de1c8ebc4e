package dev.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about objects, so {@code kubectl describe} and {@code kubectl get events}
 * show what a controller did. As upstream's recorder does, an event identical to one written
 * before (same source, object, type, reason and message) is not written again: the existing
 * Event's count goes up and its lastTimestamp moves. Writes happen on a background thread and
 * never fail the caller.
 */
public final class EventRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int CACHE_SIZE = 4096;

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final ExecutorService writer;
    /** Identity of an event -> the Event last written for it (LRU). */
    private final Map<String, Event> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public EventRecorder(KubernetesClient client, String component, String host) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "events-" + component);
            t.setDaemon(true);
            return t;
        });
    }

    public String component() {
        return component;
    }

    public void normal(HasMetadata obj, String reason, String message) {
        event(obj, "Normal", reason, message);
    }

    public void warning(HasMetadata obj, String reason, String message) {
        event(obj, "Warning", reason, message);
    }

    public void event(HasMetadata obj, String type, String reason, String message) {
        ObjectReference ref = new ObjectReferenceBuilder().withKind(obj.getKind()).withApiVersion(obj.getApiVersion())
                .withNamespace(obj.getMetadata().getNamespace()).withName(obj.getMetadata().getName())
                .withUid(obj.getMetadata().getUid()).withResourceVersion(obj.getMetadata().getResourceVersion())
                .build();
        Instant now = Instant.now();
        try {
            writer.execute(() -> write(ref, type, reason, message, now));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("event recorder closed; dropping event {} {}", reason, message);
        }
    }

    private void write(ObjectReference ref, String type, String reason, String message, Instant now) {
        String namespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? "default" : ref.getNamespace();
        String identity = String.join("\u0000", component, host, ref.getKind(), namespace, ref.getName(),
                String.valueOf(ref.getUid()), String.valueOf(ref.getApiVersion()), type, reason, message);
        Event previous;
        synchronized (written) {
            previous = written.get(identity);
        }
        String time = Times.format(now);
        try {
            if (previous != null) {
                int count = (previous.getCount() == null ? 1 : previous.getCount()) + 1;
                String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + time + "\"}";
                try {
                    Event updated = client.v1().events().inNamespace(namespace).withName(previous.getMetadata().getName())
                            .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                    remember(identity, updated);
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                    // The Event expired or was deleted: write a new one.
                }
            }
            Event event = new EventBuilder()
                    .withNewMetadata()
                    .withName(ref.getName() + "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano()))
                    .withNamespace(namespace)
                    .endMetadata()
                    .withInvolvedObject(ref)
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent(component).withHost(host).endSource()
                    .withReportingComponent(component).withReportingInstance(host)
                    .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
                    .build();
            remember(identity, client.v1().events().inNamespace(namespace).resource(event).create());
        } catch (KubernetesClientException e) {
            LOG.warn("could not write event {} about {}/{}: {}", reason, namespace, ref.getName(), e.getMessage());
        }
    }

    private void remember(String identity, Event e) {
        synchronized (written) {
            written.put(identity, e);
        }
    }

    /** Waits until every event recorded so far was written (or failed). */
    public void flush() throws InterruptedException {
        var done = new java.util.concurrent.CountDownLatch(1);
        try {
            writer.execute(done::countDown);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return;
        }
        done.await(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.shutdownNow();
    }
}
