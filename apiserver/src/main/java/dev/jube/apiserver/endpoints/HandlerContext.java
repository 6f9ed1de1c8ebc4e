package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.admission.AdmissionChain;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.watchcache.WatchCache;
import java.time.Duration;

/** What the generic handlers share: storage, the watch cache, admission and tunables. */
public record HandlerContext(ObjectStorage storage, WatchCache cache, AdmissionChain admission,
                             Duration bookmarkInterval, Duration defaultWatchTimeout, int watcherQueueLimit) {}
