package dev.jube.store;

/**
 * Reads {@code key}, or every key in {@code [key, rangeEnd)} when rangeEnd is not empty
 * ({@link Keys#ALL} for "to the end"). {@code revision} 0 reads the latest; {@code limit} 0 means
 * no limit. keysOnly leaves values empty; countOnly returns only the count.
 */
public record RangeRequest(String key, String rangeEnd, long revision, long limit, boolean keysOnly, boolean countOnly) {

    public RangeRequest {
        if (key == null) {
            throw new IllegalArgumentException("key is required");
        }
        if (rangeEnd == null) {
            rangeEnd = "";
        }
        if (revision < 0 || limit < 0) {
            throw new IllegalArgumentException("revision and limit must not be negative");
        }
    }

    public static RangeRequest key(String key) {
        return new RangeRequest(key, "", 0, 0, false, false);
    }

    public static RangeRequest prefix(String prefix) {
        return new RangeRequest(prefix, Keys.prefixEnd(prefix), 0, 0, false, false);
    }

    public static RangeRequest range(String from, String to) {
        return new RangeRequest(from, to, 0, 0, false, false);
    }

    public RangeRequest atRevision(long rev) {
        return new RangeRequest(key, rangeEnd, rev, limit, keysOnly, countOnly);
    }

    public RangeRequest withLimit(long n) {
        return new RangeRequest(key, rangeEnd, revision, n, keysOnly, countOnly);
    }

    public RangeRequest withKeysOnly() {
        return new RangeRequest(key, rangeEnd, revision, limit, true, countOnly);
    }

    public RangeRequest withCountOnly() {
        return new RangeRequest(key, rangeEnd, revision, limit, keysOnly, true);
    }

    /** True when this request reads a range rather than a single key. */
    public boolean isRange() {
        return !rangeEnd.isEmpty();
    }
}
