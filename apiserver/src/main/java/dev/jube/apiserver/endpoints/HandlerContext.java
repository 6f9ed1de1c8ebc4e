package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.admission.AdmissionChain;
import dev.jube.apiserver.admission.ClusterObjects;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import dev.jube.apiserver.watchcache.CachedObject;
import dev.jube.apiserver.watchcache.WatchCache;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** What the generic handlers share: storage, the watch cache, admission and tunables. */
public record HandlerContext(ObjectStorage storage, WatchCache cache, AdmissionChain admission,
                             Duration bookmarkInterval, Duration defaultWatchTimeout, int watcherQueueLimit) {

    /** Admission's reads: the watch cache, and storage for a key the cache has not seen yet. */
    ClusterObjects objects() {
        return new ClusterObjects() {
            @Override
            public ObjectNode get(String key) {
                CachedObject cached = cache.get(key);
                return cached != null ? cached.object() : getStored(key);
            }

            @Override
            public ObjectNode getStored(String key) {
                Versioned stored = storage.get(key);
                return stored == null ? null : stored.object();
            }

            @Override
            public List<ObjectNode> list(String prefix) {
                return cache.snapshot(prefix).objects().stream().map(CachedObject::object).toList();
            }
        };
    }
}
