package dev.jube.apiserver.watchcache;

/** What a {@link CacheWatcher} hands its reader. */
public sealed interface WatchItem {

    /** An event as this watcher sees it (a change that makes an object stop matching is a DELETED). */
    record Event(String type, CachedObject object) implements WatchItem {}

    /** Every event up to {@code revision} has been delivered. */
    record Progress(long revision) implements WatchItem {}

    /** The watch ended on the cache's side (too slow, cache restart, server closing). */
    record Ended(String reason) implements WatchItem {}
}
