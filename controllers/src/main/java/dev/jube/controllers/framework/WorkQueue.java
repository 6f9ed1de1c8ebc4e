package dev.jube.controllers.framework;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A rate-limited work queue of keys with upstream's guarantees:
 * <ul>
 *   <li>a key waiting in the queue is held once, however often it is added;</li>
 *   <li>a key is handed to at most one worker at a time: adding it while a worker holds it marks
 *       it dirty, and it is queued again when that worker calls {@link #done};</li>
 *   <li>{@link #addAfter} delays an add (the earliest pending delay of a key wins), and
 *       {@link #addRateLimited} delays by the rate limiter's back-off for that key.</li>
 * </ul>
 */
public final class WorkQueue implements AutoCloseable {

    private final String name;
    private final RateLimiter rateLimiter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    /** Keys waiting for a delayed add, with the nano time they become ready. */
    private final Map<String, Long> waiting = new HashMap<>();
    private final ScheduledExecutorService delays;
    private boolean shutDown;

    public WorkQueue(String name, RateLimiter rateLimiter) {
        this.name = name;
        this.rateLimiter = rateLimiter;
        this.delays = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "workqueue-" + name + "-delays");
            t.setDaemon(true);
            return t;
        });
    }

    public WorkQueue(String name) {
        this(name, RateLimiter.defaultControllerRateLimiter());
    }

    public String name() {
        return name;
    }

    /** Queues {@code key} unless it is already queued; a key being processed is queued again after. */
    public void add(String key) {
        lock.lock();
        try {
            if (shutDown || !dirty.add(key)) {
                return;
            }
            if (processing.contains(key)) {
                return;
            }
            queue.addLast(key);
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code key} after {@code delay}; a shorter pending delay for the same key is kept. */
    public void addAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        long readyAt = System.nanoTime() + delay.toNanos();
        lock.lock();
        try {
            if (shutDown) {
                return;
            }
            Long pending = waiting.get(key);
            if (pending != null && pending - readyAt <= 0) {
                return;
            }
            waiting.put(key, readyAt);
        } finally {
            lock.unlock();
        }
        delays.schedule(() -> fire(key, readyAt), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void fire(String key, long readyAt) {
        lock.lock();
        try {
            Long pending = waiting.get(key);
            if (pending == null || pending != readyAt) {
                return; // superseded by an earlier delay, which already fired or will
            }
            waiting.remove(key);
        } finally {
            lock.unlock();
        }
        add(key);
    }

    /** Adds {@code key} after the rate limiter's back-off for it. */
    public void addRateLimited(String key) {
        addAfter(key, rateLimiter.when(key));
    }

    /** Ends the back-off of {@code key}: call after it was processed successfully. */
    public void forget(String key) {
        rateLimiter.forget(key);
    }

    public int numRequeues(String key) {
        return rateLimiter.numRequeues(key);
    }

    /**
     * The next key to process, waiting for one; null once the queue is shut down. The caller
     * must call {@link #done} with it.
     */
    public String get() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shutDown) {
                available.await();
            }
            if (shutDown) {
                return null;
            }
            String key = queue.pollFirst();
            processing.add(key);
            dirty.remove(key);
            return key;
        } finally {
            lock.unlock();
        }
    }

    /** Marks {@code key} processed; if it was added meanwhile, it is queued again. */
    public void done(String key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key) && !shutDown) {
                queue.addLast(key);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keys waiting to be handed out (not counting delayed or in-flight ones). */
    public int length() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public boolean isShutDown() {
        lock.lock();
        try {
            return shutDown;
        } finally {
            lock.unlock();
        }
    }

    /** Stops handing out keys: waiting {@link #get} calls return null. */
    public void shutDown() {
        lock.lock();
        try {
            shutDown = true;
            queue.clear();
            dirty.clear();
            waiting.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
        delays.shutdownNow();
    }

    @Override
    public void close() {
        shutDown();
    }
}
