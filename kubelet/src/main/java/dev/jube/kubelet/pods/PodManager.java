package dev.jube.kubelet.pods;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.api.Informer;
import dev.jube.kubelet.cri.v1.PodSandbox;
import dev.jube.kubelet.cri.v1.PodSandboxFilter;
import dev.jube.kubelet.model.Pod;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one worker per pod bound to this node. Each worker syncs when its pod changes and at
 * least every {@code resync} (which is how container exits are noticed, like upstream's relist);
 * pods found in the runtime without an API object are torn down.
 */
public final class PodManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodManager.class);

    private final ApiClient client;
    private final String nodeName;
    private final PodAgentContext ctx;
    private final Duration resync;
    private final Map<String, Optional<Pod>> latest = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> signals = new ConcurrentHashMap<>();
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Informer<Pod> informer;
    private Thread housekeeper;

    PodManager(ApiClient client, String nodeName, PodAgentContext ctx, Duration resync) {
        this.client = client;
        this.nodeName = nodeName;
        this.ctx = ctx;
        this.resync = resync;
    }

    void start() {
        informer = client.pods().inform("spec.nodeName=" + nodeName,
                new Informer.Handler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        changed(pod);
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {
                        changed(pod);
                    }

                    @Override
                    public void onDelete(Pod pod) {
                        String uid = pod.getMetadata().getUid();
                        latest.put(uid, Optional.empty());
                        wake(uid);
                    }
                });
        housekeeper = Thread.ofVirtual().name("pod-housekeeping").start(this::housekeeping);
    }

    private void changed(Pod pod) {
        String uid = pod.getMetadata().getUid();
        latest.put(uid, Optional.of(pod));
        wake(uid);
    }

    /** Asks the pod's worker for a sync now, e.g. because a probe verdict changed. */
    public void podChanged(String uid) {
        if (signals.containsKey(uid)) {
            wake(uid);
        }
    }

    private void wake(String uid) {
        Semaphore s = signals.computeIfAbsent(uid, u -> {
            Semaphore created = new Semaphore(0);
            threads.put(u, Thread.ofVirtual().name("pod-" + u).start(() -> run(u, created)));
            return created;
        });
        s.release();
    }

    private void run(String uid, Semaphore signal) {
        PodWorker worker = new PodWorker(ctx, uid);
        try {
            while (!closed) {
                signal.tryAcquire(resync.toMillis(), TimeUnit.MILLISECONDS);
                signal.drainPermits();
                Optional<Pod> pod = latest.getOrDefault(uid, Optional.empty());
                boolean done;
                try {
                    done = worker.sync(pod.orElse(null));
                } catch (RuntimeException e) {
                    LOG.warn("sync of pod {} failed: {}", uid, e.toString());
                    done = false;
                }
                if (done) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            threads.remove(uid);
            signals.remove(uid);
            latest.remove(uid, Optional.empty());
        }
    }

    /** Tears down sandboxes whose pods are no longer bound here (deleted while the agent was away). */
    private void housekeeping() {
        while (!closed) {
            try {
                Thread.sleep(resync.multipliedBy(10).toMillis());
                if (!informer.hasSynced()) {
                    continue;
                }
                for (PodSandbox sb : ctx.cri().listPodSandboxes(PodSandboxFilter.newBuilder()
                        .putLabelSelector(CriLabels.MANAGED_BY, "true").build())) {
                    String uid = sb.getLabelsMap().get(CriLabels.POD_UID);
                    if (uid != null && !latest.containsKey(uid)) {
                        latest.put(uid, Optional.empty());
                        wake(uid);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("housekeeping failed: {}", e.toString());
            }
        }
    }

    /** How many pods have a worker right now. */
    public int workers() {
        return signals.size();
    }

    /** Stops the workers, letting a sync in progress finish, so nothing touches the runtime afterwards. */
    @Override
    public void close() {
        closed = true;
        if (informer != null) {
            informer.close();
        }
        if (housekeeper != null) {
            housekeeper.interrupt();
        }
        signals.values().forEach(Semaphore::release);
        for (Thread t : threads.values()) {
            try {
                t.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
