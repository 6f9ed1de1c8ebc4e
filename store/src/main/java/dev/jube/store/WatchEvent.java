package dev.jube.store;

/**
 * One change. For a DELETE, {@code kv} holds the key with an empty value and the deletion's
 * revision as modRevision. {@code prevKv} is the value before the change, when asked for and
 * available.
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv) {

    public enum Type { PUT, DELETE }

    public long revision() {
        return kv.modRevision();
    }
}
