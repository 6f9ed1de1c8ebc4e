package dev.jube.scheduler;

import dev.jube.scheduler.cache.SchedulerCache;
import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.Code;
import dev.jube.scheduler.framework.CycleState;
import dev.jube.scheduler.framework.Framework;
import dev.jube.scheduler.framework.NodeInfo;
import dev.jube.scheduler.framework.Parallelizer;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.PostFilterPlugin;
import dev.jube.scheduler.framework.Snapshot;
import dev.jube.scheduler.framework.Status;
import dev.jube.scheduler.queue.QueuedPodInfo;
import dev.jube.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling loop: pop a pod, filter the nodes in parallel (sampling as upstream's
 * percentageOfNodesToScore does), score and pick the best (random among equals), assume the pod
 * on that node in the cache, reserve and permit, then bind on another thread so the next pod
 * does not wait for the API server.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
    public static final String NO_NODES_AVAILABLE = "no nodes available to schedule pods";

    private final Map<String, Framework> frameworks;
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final SchedulerConfig config;
    private final EventRecorder events;
    private final PodConditions conditions;
    private final Function<Pod, Pod> currentPod;
    private final ExecutorService filterPool;
    private final Parallelizer parallel;
    private final AtomicInteger nextStartNodeIndex = new AtomicInteger();
    private final AtomicLong bound = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final Set<String> binding = ConcurrentHashMap.newKeySet();
    private volatile ExecutorService bindPool;
    private volatile ScheduledExecutorService flusher;
    private volatile Thread loop;
    private volatile Evictions evictions;

    /**
     * @param currentPod the informer's latest copy of a pod (null when deleted); failures of pods
     *                   deleted or bound meanwhile are not requeued
     */
    public Scheduler(Map<String, Framework> frameworks, SchedulerCache cache, SchedulingQueue queue,
                     SchedulerConfig config, EventRecorder events, PodConditions conditions,
                     Function<Pod, Pod> currentPod) {
        this.frameworks = Map.copyOf(frameworks);
        this.cache = cache;
        this.queue = queue;
        this.config = config;
        this.events = events;
        this.conditions = conditions;
        this.currentPod = currentPod == null ? p -> p : currentPod;
        // Threads, unlike upstream's goroutines, cost a wake-up each: no more of them than cores.
        int threads = Math.min(config.parallelism(), Runtime.getRuntime().availableProcessors());
        int helpers = threads - 1;
        this.filterPool = helpers <= 0 ? null : Executors.newFixedThreadPool(helpers, daemon("scheduler-filter"));
        this.parallel = new Parallelizer(filterPool, threads);
    }

    /** Who evicts preemption victims (without it, preemption only nominates: for tests without an API server). */
    void evictions(Evictions e) {
        this.evictions = e;
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts the loop (idempotent). */
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        // A binding cycle waits on the API server (and on Permit): upstream runs each in its own
        // goroutine, so a fixed pool here capped binds per second at pool size over round-trip time.
        bindPool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("scheduler-bind-", 0).factory());
        flusher = Executors.newSingleThreadScheduledExecutor(daemon("scheduler-queue-flush"));
        long every = Math.max(50, Math.min(1000, config.initialBackoff().toMillis() / 2));
        flusher.scheduleWithFixedDelay(queue::flush, every, every, TimeUnit.MILLISECONDS);
        Thread t = new Thread(this::run, "scheduler-loop");
        t.setDaemon(true);
        loop = t;
        t.start();
    }

    /** Stops scheduling: the loop ends and bindings not yet sent are abandoned. */
    public synchronized void stop() {
        Thread t = loop;
        loop = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (bindPool != null) {
            bindPool.shutdownNow();
        }
        if (flusher != null) {
            flusher.shutdownNow();
        }
    }

    public boolean isRunning() {
        return loop != null;
    }

    /** Pods this scheduler bound. */
    public long boundCount() {
        return bound.get();
    }

    /** Scheduling attempts so far. */
    public long attemptCount() {
        return attempts.get();
    }

    private void run() {
        while (loop == Thread.currentThread()) {
            QueuedPodInfo q;
            try {
                q = queue.pop();
            } catch (InterruptedException e) {
                return;
            }
            if (q == null) {
                return;
            }
            try {
                scheduleOne(q);
            } catch (RuntimeException e) {
                LOG.error("scheduling pod {} failed unexpectedly", q.podInfo(), e);
                queue.done(q.podInfo().pod());
            }
        }
    }

    private Framework frameworkFor(Pod pod) {
        String name = pod.getSpec().getSchedulerName();
        return frameworks.get(name == null || name.isEmpty() ? dev.jube.scheduler.plugins.Plugins.DEFAULT_SCHEDULER_NAME
                : name);
    }

    /** One scheduling cycle for one pod; binding continues on the bind pool. */
    void scheduleOne(QueuedPodInfo q) {
        PodInfo podInfo = q.podInfo();
        Pod pod = podInfo.pod();
        Framework fwk = frameworkFor(pod);
        if (fwk == null || pod.getMetadata().getDeletionTimestamp() != null || cache.isAssumed(podInfo.uid())
                || binding.contains(podInfo.uid())) {
            queue.done(pod);
            return;
        }
        attempts.incrementAndGet();
        long cycle = queue.schedulingCycle();
        CycleState state = new CycleState();
        Snapshot snapshot = cache.snapshot();
        String host;
        try {
            host = schedulePod(fwk, state, podInfo, snapshot);
        } catch (FitError fe) {
            String nominated = null;
            if (fwk.hasPostFilter()) {
                PostFilterPlugin.Result r = fwk.runPostFilter(state, podInfo, fe.nodeStatuses(), snapshot);
                fe.postFilterMessage(r.status().message());
                nominated = r.nominatedNode();
                if (r.status().isSuccess() && nominated != null && !nominated.isEmpty()) {
                    preempt(fwk, podInfo, nominated, r.victims());
                } else if (nominated != null && nominated.isEmpty()) {
                    fwk.nominator().remove(podInfo.uid());
                }
            }
            failure(fwk, q, Code.UNSCHEDULABLE, "Unschedulable", fe.getMessage(), fe.rejectors(), cycle, nominated);
            return;
        } catch (SchedulingException e) {
            failure(fwk, q, Code.ERROR, "SchedulerError", e.getMessage(), Set.of(), cycle);
            return;
        }
        // Pods are never mutated, so the cache counts the queue's own PodInfo on the host: no copy
        // of the pod and no second parse of its requests and affinity terms per cycle.
        PodInfo assumed = podInfo;
        try {
            cache.assume(assumed, host);
            fwk.nominator().remove(podInfo.uid());
        } catch (IllegalStateException e) {
            failure(fwk, q, Code.ERROR, "SchedulerError", e.getMessage(), Set.of(), cycle);
            return;
        }
        Status s = fwk.runReserve(state, assumed, host);
        if (!s.isSuccess()) {
            fwk.runUnreserve(state, assumed, host);
            cache.forget(assumed);
            failure(fwk, q, s.isRejected() ? Code.UNSCHEDULABLE : Code.ERROR, s.isRejected() ? "Unschedulable"
                    : "SchedulerError", "running Reserve plugin \"" + s.plugin() + "\": " + s.message(),
                    s.isRejected() && s.plugin() != null ? Set.of(s.plugin()) : Set.of(), cycle);
            return;
        }
        s = fwk.runPermit(state, assumed, host);
        if (!s.isSuccess() && s.code() != Code.WAIT) {
            fwk.runUnreserve(state, assumed, host);
            cache.forget(assumed);
            failure(fwk, q, s.isRejected() ? Code.UNSCHEDULABLE : Code.ERROR, s.isRejected() ? "Unschedulable"
                    : "SchedulerError", s.message(), s.isRejected() && s.plugin() != null ? Set.of(s.plugin())
                    : Set.of(), cycle);
            return;
        }
        binding.add(podInfo.uid());
        try {
            bindPool.execute(() -> bindingCycle(fwk, state, q, assumed, host, cycle));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            binding.remove(podInfo.uid());
            fwk.runUnreserve(state, assumed, host);
            cache.forget(assumed);
            queue.done(pod);
        }
    }

    private void bindingCycle(Framework fwk, CycleState state, QueuedPodInfo q, PodInfo assumed, String host,
                              long cycle) {
        Pod pod = q.podInfo().pod();
        try {
            Status s;
            try {
                s = fwk.waitOnPermit(assumed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s = Status.error("interrupted while waiting on permit");
            }
            if (s.isSuccess()) {
                s = fwk.runPreBind(state, assumed, host);
            }
            if (s.isSuccess()) {
                s = fwk.runBind(state, assumed, host);
            }
            if (!s.isSuccess()) {
                fwk.runUnreserve(state, assumed, host);
                cache.forget(assumed);
                // The resources the assumed pod held are free again.
                queue.moveAllToActiveOrBackoff(ClusterEvent.of(ClusterEvent.Kind.ASSIGNED_POD,
                        ClusterEvent.Action.DELETE));
                boolean rejected = s.isRejected();
                failure(fwk, q, rejected ? Code.UNSCHEDULABLE : Code.ERROR, rejected ? "Unschedulable" : "SchedulerError",
                        s.message(), rejected && s.plugin() != null ? Set.of(s.plugin()) : Set.of(), cycle);
                return;
            }
            cache.finishBinding(assumed);
            bound.incrementAndGet();
            if (events != null) {
                events.scheduled(pod, host, fwk.profileName());
            }
            fwk.runPostBind(state, assumed, host);
            queue.done(pod);
        } finally {
            binding.remove(assumed.uid());
        }
    }

    /**
     * The pod will get the nominated node once the victims are gone: the nominator reserves the
     * room for it, pods of lower priority nominated there lose their nomination, and the victims
     * are evicted.
     */
    private void preempt(Framework fwk, PodInfo pod, String node, List<PodInfo> victims) {
        int priority = Framework.priority(pod);
        for (PodInfo other : fwk.nominator().podsOn(node)) {
            if (!other.uid().equals(pod.uid()) && Framework.priority(other) < priority) {
                fwk.nominator().remove(other.uid());
                if (conditions != null) {
                    Pod latest = currentPod.apply(other.pod());
                    PodCondition c = latest == null ? null : PodConditions.find(latest);
                    if (c != null) {
                        conditions.unschedulable(latest, c.getReason(), c.getMessage(), "");
                    }
                }
            }
        }
        fwk.nominator().nominate(pod, node);
        if (evictions != null) {
            evictions.evict(fwk, pod.pod(), node, victims);
        }
    }

    private void failure(Framework fwk, QueuedPodInfo q, Code code, String reason, String message, Set<String> rejectors,
                         long cycle) {
        failure(fwk, q, code, reason, message, rejectors, cycle, null);
    }

    /**
     * Records a failed attempt (event, pod condition, the node preemption nominated: null leaves
     * it, empty clears it) and puts the pod back in the queue unless it is gone.
     */
    private void failure(Framework fwk, QueuedPodInfo q, Code code, String reason, String message, Set<String> rejectors,
                         long cycle, String nominatedNode) {
        Pod pod = q.podInfo().pod();
        if (code == Code.ERROR) {
            LOG.warn("error scheduling pod {}: {}", q.podInfo(), message);
        } else {
            LOG.debug("unable to schedule pod {}: {}", q.podInfo(), message);
        }
        q.failed(rejectors, code == Code.ERROR);
        Pod latest = currentPod.apply(pod);
        if (latest == null || (latest.getSpec().getNodeName() != null && !latest.getSpec().getNodeName().isEmpty())) {
            queue.done(pod);
            return;
        }
        // A nomination is written before the pod can be retried, so its binding cannot race the status update.
        boolean nominating = nominatedNode != null && conditions != null;
        if (nominating) {
            conditions.unschedulable(latest, reason, message, nominatedNode);
        }
        queue.addUnschedulable(q, cycle);
        if (events != null) {
            events.failedScheduling(latest, message, fwk.profileName());
        }
        if (conditions != null && !nominating) {
            conditions.unschedulable(latest, reason, message, null);
        }
    }

    // ---- the algorithm

    /** The node chosen for the pod. */
    String schedulePod(Framework fwk, CycleState state, PodInfo pod, Snapshot snapshot)
            throws FitError, SchedulingException {
        if (snapshot.size() == 0) {
            throw new SchedulingException(NO_NODES_AVAILABLE);
        }
        List<NodeInfo> feasible = findNodesThatFit(fwk, state, pod, snapshot);
        if (feasible.size() == 1) {
            return feasible.getFirst().name();
        }
        Status s = fwk.runPreScore(state, pod, feasible, snapshot);
        if (!s.isSuccess()) {
            throw new SchedulingException(s.message());
        }
        Framework.Scores scores;
        try {
            scores = fwk.runScore(state, pod, feasible, parallel);
        } catch (IllegalStateException e) {
            throw new SchedulingException(e.getMessage());
        }
        return selectHost(feasible, scores.totals());
    }

    /** The nodes that pass every filter, at most as many as the sampling rule asks for. */
    List<NodeInfo> findNodesThatFit(Framework fwk, CycleState state, PodInfo pod, Snapshot snapshot)
            throws FitError, SchedulingException {
        Map<String, Status> statuses = new ConcurrentHashMap<>();
        Framework.PreFilterOutcome pre = fwk.runPreFilter(state, pod, snapshot);
        if (!pre.status().isSuccess()) {
            if (pre.status().code() == Code.ERROR) {
                throw new SchedulingException(pre.status().message());
            }
            for (NodeInfo n : snapshot.nodes()) {
                statuses.put(n.name(), pre.status());
            }
            throw new FitError(snapshot.size(), statuses, pre.rejectors(), pre.status().message());
        }
        List<NodeInfo> nodes = snapshot.nodes();
        if (pre.nodeNames() != null) {
            Status absent = Status.unresolvable("node(s) didn't satisfy plugin(s) " + pre.narrowedBy());
            List<NodeInfo> kept = new ArrayList<>();
            for (NodeInfo n : nodes) {
                if (pre.nodeNames().contains(n.name())) {
                    kept.add(n);
                } else {
                    statuses.put(n.name(), absent);
                }
            }
            nodes = kept;
        }
        NodeInfo nominated = nominatedNode(fwk, pod, snapshot, pre.nodeNames());
        if (nominated != null && fwk.runFiltersWithNominatedPods(state, pod, nominated).isSuccess()) {
            // Upstream evaluates the node preemption nominated first: the room freed there is the pod's.
            return List.of(nominated);
        }
        int n = nodes.size();
        int toFind = numFeasibleNodesToFind(config.percentageOfNodesToScore(), n);
        NodeInfo[] found = new NodeInfo[Math.max(toFind, 0)];
        AtomicInteger count = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        Set<String> rejectors = ConcurrentHashMap.newKeySet();
        rejectors.addAll(pre.narrowedBy());
        String[] error = new String[1];
        int start = n == 0 ? 0 : nextStartNodeIndex.get() % n;
        List<NodeInfo> candidates = nodes;
        parallel.until(n, i -> {
            NodeInfo node = candidates.get((start + i) % n);
            Status s = fwk.runFiltersWithNominatedPods(state, pod, node);
            if (s.isSuccess()) {
                int idx = count.getAndIncrement();
                if (idx >= toFind) {
                    return false;
                }
                found[idx] = node;
                processed.incrementAndGet();
                return idx + 1 < toFind;
            }
            processed.incrementAndGet();
            if (s.code() == Code.ERROR) {
                synchronized (error) {
                    error[0] = s.message();
                }
                return false;
            }
            statuses.put(node.name(), s);
            if (s.plugin() != null) {
                rejectors.add(s.plugin());
            }
            return true;
        });
        if (error[0] != null) {
            throw new SchedulingException(error[0]);
        }
        if (n > 0) {
            nextStartNodeIndex.set((start + processed.get()) % n);
        }
        List<NodeInfo> feasible = new ArrayList<>();
        for (int i = 0; i < Math.min(count.get(), toFind); i++) {
            if (found[i] != null) {
                feasible.add(found[i]);
            }
        }
        if (feasible.isEmpty()) {
            throw new FitError(snapshot.size(), statuses, new HashSet<>(rejectors), null);
        }
        return feasible;
    }

    /** The node the pod is nominated to (by this scheduler or in its status), when it is a candidate. */
    private static NodeInfo nominatedNode(Framework fwk, PodInfo pod, Snapshot snapshot, Set<String> allowed) {
        String name = fwk.nominator().nodeOf(pod.uid());
        if (name == null && pod.pod().getStatus() != null) {
            name = pod.pod().getStatus().getNominatedNodeName();
        }
        if (name == null || name.isEmpty() || (allowed != null && !allowed.contains(name))) {
            return null;
        }
        return snapshot.get(name);
    }

    /** Upstream's sampling: all nodes below 100; else a percentage (adaptive: 50% minus 1% per 125 nodes, at least 5%), at least 100. */
    static int numFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return numAllNodes;
        }
        int pct = percentageOfNodesToScore;
        if (pct == 0) {
            pct = 50 - numAllNodes / 125;
            if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) {
                pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
            }
        }
        int num = (int) ((long) numAllNodes * pct / 100);
        return Math.max(num, MIN_FEASIBLE_NODES_TO_FIND);
    }

    /** The highest total; ties broken uniformly at random (reservoir sampling). */
    static String selectHost(List<NodeInfo> nodes, long[] totals) {
        String best = null;
        long max = Long.MIN_VALUE;
        int ties = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (totals[i] > max) {
                max = totals[i];
                best = nodes.get(i).name();
                ties = 1;
            } else if (totals[i] == max) {
                ties++;
                if (ThreadLocalRandom.current().nextInt(ties) == 0) {
                    best = nodes.get(i).name();
                }
            }
        }
        return best;
    }

    @Override
    public void close() {
        stop();
        if (filterPool != null) {
            filterPool.shutdownNow();
        }
        if (evictions != null) {
            evictions.close();
        }
    }

    /** An internal failure (not a verdict about nodes): the pod is retried after back-off. */
    static final class SchedulingException extends Exception {
        SchedulingException(String message) {
            super(message, null, false, false);
        }
    }
}
