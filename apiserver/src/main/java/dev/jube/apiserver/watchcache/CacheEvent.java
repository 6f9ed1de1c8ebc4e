package dev.jube.apiserver.watchcache;

/** A change of one object at one revision. For DELETED, {@code object} is its last state. */
public record CacheEvent(Type type, String key, CachedObject object, CachedObject previous, long revision) {

    public enum Type { ADDED, MODIFIED, DELETED }
}
