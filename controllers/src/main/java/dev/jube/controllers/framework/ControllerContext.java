package dev.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a controller gets from the manager: the API client, informers shared by every controller
 * (one watch per kind, however many controllers use it), and event recorders.
 */
public final class ControllerContext {

    private final KubernetesClient client;
    private final SharedInformerFactory factory;
    private final Duration resync;
    private final String host;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Map<String, EventRecorder> recorders = new ConcurrentHashMap<>();

    ControllerContext(KubernetesClient client, SharedInformerFactory factory, Duration resync, String host) {
        this.client = client;
        this.factory = factory;
        this.resync = resync;
        this.host = host;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The shared informer for {@code type}, created on first use; it starts with the manager. */
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
        SharedIndexInformer<T> existing = factory.getExistingSharedIndexInformer(type);
        if (existing != null) {
            return existing;
        }
        SharedIndexInformer<T> created = factory.sharedIndexInformerFor(type, resync.toMillis());
        informers.add(created);
        return created;
    }

    /**
     * Registers an informer the controller created and started itself (e.g. a generic one), so
     * the manager waits for it to sync before running workers.
     */
    public synchronized void track(SharedIndexInformer<?> informer) {
        informers.add(informer);
    }

    synchronized List<SharedIndexInformer<?>> informers() {
        return List.copyOf(informers);
    }

    SharedInformerFactory factory() {
        return factory;
    }

    /** An event recorder writing as {@code component} (e.g. "replicaset-controller"). */
    public EventRecorder recorder(String component) {
        return recorders.computeIfAbsent(component, c -> new EventRecorder(client, c, host));
    }

    void closeRecorders() {
        recorders.values().forEach(EventRecorder::close);
    }
}
