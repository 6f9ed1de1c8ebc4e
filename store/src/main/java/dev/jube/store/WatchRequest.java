package dev.jube.store;

/**
 * Watches {@code key}, or the keys in {@code [key, rangeEnd)}. {@code startRevision} 0 means
 * "changes after now"; {@code prevKv} asks for the previous value with each event.
 */
public record WatchRequest(String key, String rangeEnd, long startRevision, boolean prevKv) {

    public WatchRequest {
        if (key == null) {
            throw new IllegalArgumentException("key is required");
        }
        if (rangeEnd == null) {
            rangeEnd = "";
        }
        if (startRevision < 0) {
            throw new IllegalArgumentException("startRevision must not be negative");
        }
    }

    public static WatchRequest key(String key) {
        return new WatchRequest(key, "", 0, true);
    }

    public static WatchRequest prefix(String prefix) {
        return new WatchRequest(prefix, Keys.prefixEnd(prefix), 0, true);
    }

    public WatchRequest fromRevision(long rev) {
        return new WatchRequest(key, rangeEnd, rev, prevKv);
    }

    public boolean matches(String k) {
        return Keys.inRange(k, key, rangeEnd);
    }
}
