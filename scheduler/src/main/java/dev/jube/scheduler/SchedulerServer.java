package dev.jube.scheduler;

import dev.jube.scheduler.cache.InformerLister;
import dev.jube.scheduler.cache.SchedulerCache;
import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.ClusterEvent.Kind;
import dev.jube.scheduler.framework.Framework;
import dev.jube.scheduler.framework.Handle;
import dev.jube.scheduler.framework.Nominator;
import dev.jube.scheduler.framework.Profile;
import dev.jube.scheduler.plugins.Plugins;
import dev.jube.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running kube-scheduler against an API server: informers fill the cache and the queue (even
 * while not leading, so a new leader starts warm), and the scheduling loop runs only while this
 * instance holds the kube-system/kube-scheduler Lease.
 */
public final class SchedulerServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerServer.class);

    private final SchedulerConfig config;
    private final List<SharedIndexInformer<?>> informers;
    private final Scheduler scheduler;
    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final EventRecorder events;
    private final AtomicBoolean leading = new AtomicBoolean();
    private volatile CompletableFuture<?> election;
    private boolean closed;

    private SchedulerServer(SchedulerConfig config, List<SharedIndexInformer<?>> informers, Scheduler scheduler,
                            SchedulingQueue queue, SchedulerCache cache, EventRecorder events) {
        this.config = config;
        this.informers = informers;
        this.scheduler = scheduler;
        this.queue = queue;
        this.cache = cache;
        this.events = events;
    }

    /** Starts the informers and returns; once their first lists are in, it leads or waits for the lease. */
    public static SchedulerServer start(KubernetesClient client, SchedulerConfig config) {
        List<SharedIndexInformer<?>> informers = new ArrayList<>();
        SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(0);
        SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
        SharedIndexInformer<Namespace> namespaces = client.namespaces().runnableInformer(0);
        SharedIndexInformer<PersistentVolumeClaim> pvcs = client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0);
        SharedIndexInformer<PersistentVolume> pvs = client.persistentVolumes().runnableInformer(0);
        SharedIndexInformer<StorageClass> classes = client.storage().v1().storageClasses().runnableInformer(0);
        SharedIndexInformer<Service> services = client.services().inAnyNamespace().runnableInformer(0);
        SharedIndexInformer<ReplicationController> rcs = client.replicationControllers().inAnyNamespace().runnableInformer(0);
        SharedIndexInformer<ReplicaSet> rss = client.apps().replicaSets().inAnyNamespace().runnableInformer(0);
        SharedIndexInformer<StatefulSet> sss = client.apps().statefulSets().inAnyNamespace().runnableInformer(0);
        SharedIndexInformer<PodDisruptionBudget> pdbs = client.policy().v1().podDisruptionBudget().inAnyNamespace().runnableInformer(0);

        InformerLister lister = new InformerLister(namespaces, pvcs, pvs, classes, services, rcs, rss, sss);
        lister.pdbs(pdbs);
        Binder binder = new Binder(client);
        Nominator nominator = new Nominator();
        Handle handle = new Handle(lister, client, nominator);
        Map<String, Framework> frameworks = new LinkedHashMap<>();
        Map<String, List<ClusterEvent>> pluginEvents = new HashMap<>();
        for (Profile p : config.profiles()) {
            Framework f = p.build(Plugins.registry(binder), handle);
            frameworks.put(p.schedulerName(), f);
            pluginEvents.putAll(f.eventsToRegister());
        }
        Framework first = frameworks.values().iterator().next();
        for (Framework f : frameworks.values()) {
            if (!f.queueSort().name().equals(first.queueSort().name())) {
                throw new IllegalArgumentException("all profiles must use the same queue sort plugin, but "
                        + first.profileName() + " uses " + first.queueSort().name() + " and " + f.profileName()
                        + " uses " + f.queueSort().name());
            }
        }
        SchedulingQueue queue = new SchedulingQueue(first.queueSort(), pluginEvents, config.initialBackoff(),
                config.maxBackoff(), config.maxUnschedulable(), System::currentTimeMillis);
        SchedulerCache cache = new SchedulerCache();
        String identity = config.leaderElection().identity();
        EventRecorder events = new EventRecorder(client, identity);
        PodConditions conditions = new PodConditions(client);
        Scheduler scheduler = new Scheduler(frameworks, cache, queue, config, events, conditions,
                p -> pods.getStore().get(p));
        scheduler.evictions(new Evictions(client, conditions, events));
        EventHandlers handlers = new EventHandlers(cache, queue, frameworks.keySet(), nominator);

        pods.addEventHandler(handlers.pods());
        nodes.addEventHandler(handlers.nodes());
        informers.add(nodes);
        informers.add(pods);
        addMoving(informers, namespaces, handlers.moves(Kind.NAMESPACE));
        addMoving(informers, pvcs, handlers.moves(Kind.PERSISTENT_VOLUME_CLAIM));
        addMoving(informers, pvs, handlers.moves(Kind.PERSISTENT_VOLUME));
        addMoving(informers, classes, handlers.moves(Kind.STORAGE_CLASS));
        addMoving(informers, services, handlers.moves(Kind.SERVICE));
        addMoving(informers, rcs, null);
        addMoving(informers, rss, null);
        addMoving(informers, sss, null);
        addMoving(informers, pdbs, null);

        SchedulerServer server = new SchedulerServer(config, informers, scheduler, queue, cache, events);
        // As kube-scheduler does, scheduling (and the bid for the lease) starts once every
        // informer has synced; start returns at once, so whoever starts it does not wait on the lists.
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (SharedIndexInformer<?> i : informers) {
            started.add(i.start().toCompletableFuture());
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.error("the scheduler's informers did not start; it schedules nothing: {}",
                        failure.getCause() == null ? failure : failure.getCause());
            } else {
                server.lead(client);
            }
        });
        return server;
    }

    private static <T> void addMoving(List<SharedIndexInformer<?>> all, SharedIndexInformer<T> informer,
                                      ResourceEventHandler<T> handler) {
        if (handler != null) {
            informer.addEventHandler(handler);
        }
        all.add(informer);
    }

    private synchronized void lead(KubernetesClient client) {
        if (closed) {
            return;
        }
        SchedulerConfig.LeaderElection le = config.leaderElection();
        if (!le.enabled()) {
            leading.set(true);
            scheduler.start();
            return;
        }
        LeaderCallbacks callbacks = new LeaderCallbacks(
                () -> {
                    LOG.info("{} became the scheduler leader", le.identity());
                    leading.set(true);
                    scheduler.start();
                },
                () -> {
                    LOG.info("{} stopped leading", le.identity());
                    leading.set(false);
                    scheduler.stop();
                },
                leader -> LOG.debug("the scheduler leader is now {}", leader));
        LeaderElectionConfig cfg = new LeaderElectionConfig(new LeaseLock(le.namespace(), le.name(), le.identity()),
                le.leaseDuration(), le.renewDeadline(), le.retryPeriod(), callbacks, true, le.name());
        election = client.leaderElector().withConfig(cfg).build().start();
    }

    /** Whether this instance holds the lease and runs the scheduling loop. */
    public boolean isLeader() {
        return leading.get() && scheduler.isRunning();
    }

    public String identity() {
        return config.leaderElection().identity();
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public SchedulingQueue queue() {
        return queue;
    }

    public SchedulerCache cache() {
        return cache;
    }

    /** Stops scheduling, releases the lease and stops the informers. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        CompletableFuture<?> e = election;
        if (e != null) {
            e.cancel(true);
        }
        scheduler.close();
        queue.close();
        for (SharedIndexInformer<?> i : informers) {
            i.stop();
        }
        events.close();
    }
}
