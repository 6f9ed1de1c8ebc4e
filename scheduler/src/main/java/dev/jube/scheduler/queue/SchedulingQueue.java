package dev.jube.scheduler.queue;

import dev.jube.scheduler.framework.ClusterEvent;
import dev.jube.scheduler.framework.PodInfo;
import dev.jube.scheduler.framework.QueueSortPlugin;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Upstream's priority queue of pending pods, in three parts:
 * <ul>
 *   <li>activeQ: pods to try now, ordered by the queue sort plugin (priority, then age);</li>
 *   <li>backoffQ: pods that failed and wait out an exponential back-off (initial doubling to max);</li>
 *   <li>unschedulable: pods no node fits; they move back when a cluster event arrives that could
 *       undo what the rejecting plugins objected to, or after {@code maxUnschedulable}.</li>
 * </ul>
 * A move request during a pod's scheduling cycle sends that pod to backoffQ instead of the
 * unschedulable set, so an event that raced with its attempt is not lost.
 */
public final class SchedulingQueue implements AutoCloseable {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final PriorityQueue<QueuedPodInfo> activeQ;
    private final PriorityQueue<QueuedPodInfo> backoffQ;
    private final Map<String, QueuedPodInfo> inActive = new HashMap<>();
    private final Map<String, QueuedPodInfo> inBackoff = new HashMap<>();
    private final Map<String, QueuedPodInfo> unschedulable = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Map<String, List<ClusterEvent>> pluginEvents;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxUnschedulable;
    private final LongSupplier clock;
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private boolean closed;

    /**
     * @param sort          the queue sort plugin every profile shares
     * @param pluginEvents  plugin name to the events that may undo its rejections
     * @param clock         milliseconds (System::currentTimeMillis outside tests)
     */
    public SchedulingQueue(QueueSortPlugin sort, Map<String, List<ClusterEvent>> pluginEvents, Duration initialBackoff,
                           Duration maxBackoff, Duration maxUnschedulable, LongSupplier clock) {
        Comparator<QueuedPodInfo> order = (a, b) -> sort.less(a, b) ? -1 : sort.less(b, a) ? 1 : 0;
        this.activeQ = new PriorityQueue<>(order);
        this.backoffQ = new PriorityQueue<>(Comparator.comparingLong(this::backoffExpiry));
        this.pluginEvents = Map.copyOf(pluginEvents);
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxUnschedulable = maxUnschedulable;
        this.clock = clock;
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** A new pending pod: straight to activeQ (or an update if already queued). */
    public void add(Pod pod) {
        lock.lock();
        try {
            String k = key(pod);
            QueuedPodInfo existing = find(k);
            if (existing != null) {
                existing.podInfo(new PodInfo(pod));
                return;
            }
            if (inFlight.contains(k)) {
                return;
            }
            QueuedPodInfo q = new QueuedPodInfo(new PodInfo(pod), clock.getAsLong());
            pushActive(q);
        } finally {
            lock.unlock();
        }
    }

    private QueuedPodInfo find(String k) {
        QueuedPodInfo q = inActive.get(k);
        if (q == null) {
            q = inBackoff.get(k);
        }
        if (q == null) {
            q = unschedulable.get(k);
        }
        return q;
    }

    private void pushActive(QueuedPodInfo q) {
        activeQ.add(q);
        inActive.put(q.key(), q);
        notEmpty.signal();
    }

    private void pushBackoff(QueuedPodInfo q) {
        backoffQ.add(q);
        inBackoff.put(q.key(), q);
    }

    /**
     * Takes the next pod to schedule, waiting for one; null once the queue is closed. The pod
     * counts as in flight until {@link #done} or it is added back.
     */
    public QueuedPodInfo pop() throws InterruptedException {
        lock.lock();
        try {
            while (activeQ.isEmpty() && !closed) {
                notEmpty.await();
            }
            if (closed) {
                return null;
            }
            QueuedPodInfo q = activeQ.poll();
            inActive.remove(q.key());
            inFlight.add(q.key());
            q.attempts++;
            schedulingCycle++;
            return q;
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #pop()}, waiting at most {@code timeout}; null when nothing came. */
    public QueuedPodInfo poll(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (activeQ.isEmpty() && !closed) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            if (closed) {
                return null;
            }
            QueuedPodInfo q = activeQ.poll();
            inActive.remove(q.key());
            inFlight.add(q.key());
            q.attempts++;
            schedulingCycle++;
            return q;
        } finally {
            lock.unlock();
        }
    }

    /** The scheduling cycle of the pod popped last. */
    public long schedulingCycle() {
        lock.lock();
        try {
            return schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    /** The pod's attempt ended (bound, or deleted meanwhile). */
    public void done(Pod pod) {
        lock.lock();
        try {
            inFlight.remove(key(pod));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts back a pod whose attempt (in {@code podCycle}) failed: to backoffQ after an error or when
     * a move request came during its attempt, else to the unschedulable set.
     */
    public void addUnschedulable(QueuedPodInfo q, long podCycle) {
        lock.lock();
        try {
            inFlight.remove(q.key());
            if (find(q.key()) != null) {
                return;
            }
            long now = clock.getAsLong();
            q.timestamp = now;
            if (q.failedWithError || moveRequestCycle >= podCycle) {
                pushBackoff(q);
            } else {
                q.unschedulableSince = now;
                unschedulable.put(q.key(), q);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A pending pod changed: a spec or label change gives an unschedulable pod a new chance. */
    public void update(Pod oldPod, Pod newPod) {
        lock.lock();
        try {
            String k = key(newPod);
            QueuedPodInfo q = find(k);
            if (q == null) {
                if (!inFlight.contains(k)) {
                    pushActive(new QueuedPodInfo(new PodInfo(newPod), clock.getAsLong()));
                }
                return;
            }
            q.podInfo(new PodInfo(newPod));
            if (unschedulable.containsKey(k) && changedForScheduling(oldPod, newPod)) {
                unschedulable.remove(k);
                moveOut(q);
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean changedForScheduling(Pod a, Pod b) {
        if (a == null) {
            return true;
        }
        return !Objects.equals(a.getSpec(), b.getSpec()) || !Objects.equals(a.getMetadata().getLabels(),
                b.getMetadata().getLabels()) || !Objects.equals(a.getMetadata().getAnnotations(),
                b.getMetadata().getAnnotations());
    }

    public void delete(Pod pod) {
        lock.lock();
        try {
            String k = key(pod);
            QueuedPodInfo q = inActive.remove(k);
            if (q != null) {
                activeQ.remove(q);
            }
            q = inBackoff.remove(k);
            if (q != null) {
                backoffQ.remove(q);
            }
            unschedulable.remove(k);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A cluster event happened: unschedulable pods it may help go to activeQ, or to backoffQ while
     * they still back off.
     */
    public void moveAllToActiveOrBackoff(ClusterEvent event) {
        lock.lock();
        try {
            List<QueuedPodInfo> moving = new ArrayList<>();
            for (QueuedPodInfo q : unschedulable.values()) {
                if (mayHelp(q, event)) {
                    moving.add(q);
                }
            }
            for (QueuedPodInfo q : moving) {
                unschedulable.remove(q.key());
                moveOut(q);
            }
            moveRequestCycle = schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    private boolean mayHelp(QueuedPodInfo q, ClusterEvent event) {
        if (event.kind() == ClusterEvent.Kind.ANY || q.unschedulablePlugins.isEmpty()) {
            return true;
        }
        for (String plugin : q.unschedulablePlugins) {
            for (ClusterEvent registered : pluginEvents.getOrDefault(plugin, List.of())) {
                if (registered.covers(event)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void moveOut(QueuedPodInfo q) {
        if (backoffExpiry(q) > clock.getAsLong()) {
            pushBackoff(q);
        } else {
            pushActive(q);
        }
    }

    /** Moves pods whose back-off is over to activeQ, and pods unschedulable for too long back as well. */
    public void flush() {
        lock.lock();
        try {
            long now = clock.getAsLong();
            while (!backoffQ.isEmpty() && backoffExpiry(backoffQ.peek()) <= now) {
                QueuedPodInfo q = backoffQ.poll();
                inBackoff.remove(q.key());
                pushActive(q);
            }
            List<QueuedPodInfo> stale = new ArrayList<>();
            for (QueuedPodInfo q : unschedulable.values()) {
                if (now - q.unschedulableSince >= maxUnschedulable.toMillis()) {
                    stale.add(q);
                }
            }
            for (QueuedPodInfo q : stale) {
                unschedulable.remove(q.key());
                moveOut(q);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The back-off of the pod's attempts so far: initial, doubling per attempt, at most max. */
    public Duration backoff(int attempts) {
        long ms = initialBackoff.toMillis();
        for (int i = 1; i < attempts; i++) {
            ms *= 2;
            if (ms >= maxBackoff.toMillis()) {
                return maxBackoff;
            }
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }

    private long backoffExpiry(QueuedPodInfo q) {
        return q.timestamp + backoff(q.attempts).toMillis();
    }

    /** Counts of pods in activeQ, backoffQ and the unschedulable set. */
    public record Sizes(int active, int backoff, int unschedulable) {}

    public Sizes sizes() {
        lock.lock();
        try {
            return new Sizes(activeQ.size(), backoffQ.size(), unschedulable.size());
        } finally {
            lock.unlock();
        }
    }

    /** Whether the pod waits in the unschedulable set. */
    public boolean isUnschedulable(String namespace, String name) {
        lock.lock();
        try {
            return unschedulable.containsKey(namespace + "/" + name);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes {@link #pop()} callers with null. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

}
