package dev.jube.controllers.framework;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs controllers as kube-controller-manager does: while it holds the leader lease
 * (coordination.k8s.io Lease kube-system/kube-controller-manager), it creates the controllers,
 * starts one set of shared informers for all of them, waits until every cache has synced, then
 * runs N workers per controller. When leadership is lost it stops everything at once and
 * campaigns again with fresh controllers, so two managers never act at the same time.
 */
public final class ControllerManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

    private final KubernetesClient client;
    private final List<Supplier<? extends Controller>> controllers;
    private final int workers;
    private final Duration resync;
    private final LeaderElection election;
    private final String identity;
    private final Object lock = new Object();
    private Term term;
    private CompletableFuture<?> campaign;
    private volatile boolean closed;

    /** Lease timings; null means no leader election (the manager always acts). */
    public record LeaderElection(String namespace, String name, Duration leaseDuration, Duration renewDeadline,
                                 Duration retryPeriod) {
        public LeaderElection {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            if (renewDeadline.compareTo(leaseDuration) >= 0) {
                throw new IllegalArgumentException("the renew deadline must be shorter than the lease duration");
            }
        }

        /** Upstream's defaults: kube-system/kube-controller-manager, 15 s lease, 10 s renew, 2 s retry. */
        public static LeaderElection defaults() {
            return new LeaderElection("kube-system", "kube-controller-manager", Duration.ofSeconds(15),
                    Duration.ofSeconds(10), Duration.ofSeconds(2));
        }
    }

    private ControllerManager(Builder b) {
        this.client = b.client;
        this.controllers = List.copyOf(b.controllers);
        this.workers = b.workers;
        this.resync = b.resync;
        this.election = b.election;
        this.identity = b.identity != null ? b.identity : defaultIdentity();
    }

    public static Builder builder(KubernetesClient client) {
        return new Builder(client);
    }

    private static String defaultIdentity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + "_" + UUID.randomUUID();
    }

    public String identity() {
        return identity;
    }

    /** Starts campaigning (or, without leader election, runs the controllers right away). */
    public ControllerManager start() {
        if (election == null) {
            startTerm();
        } else {
            campaign();
        }
        return this;
    }

    private void campaign() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            var config = new LeaderElectionConfigBuilder()
                    .withName(election.name())
                    .withLock(new LeaseLock(election.namespace(), election.name(), identity))
                    .withLeaseDuration(election.leaseDuration())
                    .withRenewDeadline(election.renewDeadline())
                    .withRetryPeriod(election.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(this::startTerm, this::stopTerm,
                            leader -> {
                                if (leader != null) {
                                    LOG.info("leader of {}/{} is now {}", election.namespace(), election.name(), leader);
                                }
                            }))
                    .build();
            campaign = client.leaderElector().withConfig(config).build().start();
            campaign.whenComplete((v, e) -> {
                stopTerm();
                if (!closed) {
                    LOG.info("{} lost the leader lease; campaigning again", identity);
                    // Wait a retry period so a failing API server does not make this spin.
                    CompletableFuture.runAsync(this::campaign, CompletableFuture.delayedExecutor(
                            election.retryPeriod().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
                }
            });
        }
    }

    /** Whether this manager's controllers are running (it leads, or runs without election). */
    public boolean isActive() {
        synchronized (lock) {
            return term != null;
        }
    }

    private void startTerm() {
        synchronized (lock) {
            if (closed || term != null) {
                return;
            }
            term = new Term();
            term.start();
        }
    }

    private void stopTerm() {
        Term t;
        synchronized (lock) {
            t = term;
            term = null;
        }
        if (t != null) {
            t.stop();
        }
    }

    @Override
    public void close() {
        CompletableFuture<?> c;
        synchronized (lock) {
            closed = true;
            c = campaign;
        }
        if (c != null) {
            c.cancel(true); // releases the lease
        }
        stopTerm();
    }

    /** One period of leadership: fresh controllers, queues and informers. */
    private final class Term {
        private final ControllerContext context =
                new ControllerContext(client, client.informers(), resync, identity);
        private final List<Controller> running = new ArrayList<>();
        private final List<WorkQueue> queues = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stopped;

        void start() {
            LOG.info("{} starting {} controllers", identity, controllers.size());
            for (Supplier<? extends Controller> s : controllers) {
                Controller c = s.get();
                WorkQueue q = new WorkQueue(c.name());
                c.init(context, q);
                running.add(c);
                queues.add(q);
            }
            context.factory().startAllRegisteredInformers();
            Thread starter = Thread.ofPlatform().daemon().name("controller-manager-start").unstarted(this::runWorkers);
            threads.add(starter);
            starter.start();
        }

        private void runWorkers() {
            try {
                waitForSync();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (stopped) {
                    return;
                }
                LOG.info("caches synced; starting workers");
                for (int i = 0; i < running.size(); i++) {
                    Controller c = running.get(i);
                    WorkQueue q = queues.get(i);
                    for (int w = 0; w < workers; w++) {
                        Thread t = Thread.ofPlatform().daemon().name(c.name() + "-worker-" + w)
                                .unstarted(() -> work(c, q));
                        threads.add(t);
                        t.start();
                    }
                }
            }
        }

        private void waitForSync() throws InterruptedException {
            for (SharedIndexInformer<?> informer : context.informers()) {
                while (!informer.hasSynced()) {
                    if (stopped) {
                        throw new InterruptedException("stopped");
                    }
                    Thread.sleep(20);
                }
            }
        }

        private void work(Controller c, WorkQueue q) {
            while (true) {
                String key;
                try {
                    key = q.get();
                } catch (InterruptedException e) {
                    return;
                }
                if (key == null) {
                    return;
                }
                try {
                    c.reconcile(key);
                    q.forget(key);
                } catch (Exception | AssertionError e) {
                    if (stopped) {
                        return;
                    }
                    if (isRace(e)) {
                        // Another writer got there first, or the object just went; the cache will
                        // catch up and the retry sees the new state.
                        LOG.debug("{}: syncing {} raced another change: {}", c.name(), key, e.getMessage());
                    } else {
                        LOG.info("{}: syncing {} failed (retry {}): {}", c.name(), key, q.numRequeues(key) + 1,
                                e.getMessage());
                        LOG.debug("{}: syncing {} failed", c.name(), key, e);
                    }
                    q.addRateLimited(key);
                } finally {
                    q.done(key);
                }
            }
        }

        private static boolean isRace(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof KubernetesClientException k && (k.getCode() == 409 || k.getCode() == 404)) {
                    return true;
                }
            }
            return false;
        }

        void stop() {
            synchronized (this) {
                stopped = true;
            }
            LOG.info("{} stopping controllers", identity);
            queues.forEach(WorkQueue::shutDown);
            for (Controller c : running) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing {} failed", c.name(), e);
                }
            }
            context.factory().stopAllRegisteredInformers();
            for (SharedIndexInformer<?> i : context.informers()) {
                i.stop();
            }
            for (Thread t : threads) {
                t.interrupt();
            }
            for (Thread t : threads) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            context.closeRecorders();
        }
    }

    public static final class Builder {
        private final KubernetesClient client;
        private final List<Supplier<? extends Controller>> controllers = new ArrayList<>();
        private int workers = 5;
        private Duration resync = Duration.ofMinutes(10);
        private LeaderElection election = LeaderElection.defaults();
        private String identity;

        private Builder(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** A controller, created anew for every term of leadership. */
        public Builder controller(Supplier<? extends Controller> factory) {
            controllers.add(factory);
            return this;
        }

        /** Workers per controller (upstream's --concurrent-*-syncs default to 5). */
        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workers must be at least 1: " + n);
            }
            this.workers = n;
            return this;
        }

        public Builder resync(Duration d) {
            this.resync = d;
            return this;
        }

        /** Leader election settings; null runs without election. */
        public Builder leaderElection(LeaderElection e) {
            this.election = e;
            return this;
        }

        public Builder identity(String id) {
            this.identity = id;
            return this;
        }

        public ControllerManager build() {
            return new ControllerManager(this);
        }
    }
}
