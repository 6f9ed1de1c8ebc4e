package dev.jube.scheduler.framework;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data plugins share within one scheduling cycle of one pod: what PreFilter computes, Filter and
 * Score read. Safe for the parallel filter and score runs.
 */
public final class CycleState {

    private final Map<String, Object> data = new ConcurrentHashMap<>();
    private volatile boolean skipScore;
    private volatile List<FilterPlugin> activeFilters;

    public void write(String key, Object value) {
        data.put(key, value);
    }

    /** The value stored under {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public <T> T read(String key) {
        return (T) data.get(key);
    }

    public void delete(String key) {
        data.remove(key);
    }

    /** A copy for simulations (preemption tries removing pods without touching the real state). */
    public CycleState copy() {
        CycleState c = new CycleState();
        data.forEach((k, v) -> c.data.put(k, v instanceof StateData d ? d.copy() : v));
        c.skipScore = skipScore;
        c.activeFilters = activeFilters;
        return c;
    }

    /** The filters this cycle runs (those PreFilter did not skip), or null before PreFilter ran. */
    List<FilterPlugin> activeFilters() {
        return activeFilters;
    }

    void activeFilters(List<FilterPlugin> filters) {
        activeFilters = List.copyOf(filters);
    }

    boolean skipScore() {
        return skipScore;
    }

    void skipScore(boolean v) {
        skipScore = v;
    }
}
