package dev.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resourceVersion of each object's last write by a controller, so a sync does not act on an
 * informer cache that has not caught up with the controller's own status write (and, say, create
 * a second Job for the same time). Versions that are not numbers are never judged stale.
 */
public final class WrittenVersions {

    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    /** Remembers {@code written}, the object as the API server returned it from a write. */
    public void record(String key, HasMetadata written) {
        Long rv = version(written);
        if (rv != null) {
            versions.merge(key, rv, Math::max);
        }
    }

    /** Whether {@code cached} is older than the last write recorded for {@code key}. */
    public boolean isStale(String key, HasMetadata cached) {
        Long last = versions.get(key);
        Long seen = version(cached);
        return last != null && seen != null && seen < last;
    }

    public void forget(String key) {
        versions.remove(key);
    }

    private static Long version(HasMetadata obj) {
        String rv = obj.getMetadata().getResourceVersion();
        if (rv == null) {
            return null;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
