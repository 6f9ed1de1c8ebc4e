package dev.jube.apiserver.registry.kinds;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.storage.ObjectStorage;
import dev.jube.apiserver.storage.ObjectStorage.Page;
import dev.jube.apiserver.storage.ObjectStorage.Versioned;
import dev.jube.apiserver.storage.ObjectStorage.WriteResult;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pool of values (service IPs, node ports) where each taken value is one storage key, created
 * only if absent. The store's compare-and-swap makes a value go to exactly one owner, across
 * concurrent requests and API servers, and the keys outlive restarts. A key records its owner so a
 * release only frees a value the releasing object really holds.
 */
final class KeyedPool {

    /** Offsets into the pool, turned into values and back. */
    interface Space {
        long size();

        String value(long offset);

        /** The offset of a value, or -1 when it is not in the pool. */
        long offset(String value);
    }

    private final String prefix;
    private final Space space;
    /** Dynamic allocation prefers offsets from here up, keeping the low end for explicit requests. */
    private final long dynamicStart;

    KeyedPool(String prefix, Space space) {
        this.prefix = prefix;
        this.space = space;
        long reserved = Math.min(Math.max(16, space.size() / 16), 256);
        this.dynamicStart = reserved < space.size() ? reserved : 0;
    }

    boolean contains(String value) {
        return space.offset(value) >= 0;
    }

    /** Takes a value for {@code ownerUid}; false when another owner has it. */
    boolean claim(ObjectStorage storage, String value, String namespace, String name, String ownerUid) {
        ObjectNode record = Json.object();
        record.put("kind", "AllocationRecord");
        record.put("apiVersion", "v1");
        ObjectNode owner = record.putObject("owner");
        if (namespace != null) {
            owner.put("namespace", namespace);
        }
        owner.put("name", name);
        owner.put("uid", ownerUid);
        WriteResult w = storage.create(prefix + value, record);
        if (w.succeeded()) {
            return true;
        }
        return w.current() != null && ownerUid.equals(w.current().object().path("owner").path("uid").asString(""));
    }

    /** Whether the value is free (or already held by {@code ownerUid}). */
    boolean available(ObjectStorage storage, String value, String ownerUid) {
        Versioned v = storage.get(prefix + value);
        return v == null || ownerUid.equals(v.object().path("owner").path("uid").asString(""));
    }

    /** Takes some free value, or returns null when the pool is full. */
    String claimAny(ObjectStorage storage, String namespace, String name, String ownerUid) {
        for (int attempt = 0; attempt < 32; attempt++) {
            String value = pickFree(storage);
            if (value == null) {
                return null;
            }
            if (claim(storage, value, namespace, name, ownerUid)) {
                return value;
            }
        }
        return null;
    }

    /** A value no one holds right now (not claimed), or null when the pool is full. */
    String pickFree(ObjectStorage storage) {
        Set<Long> used = used(storage);
        long size = space.size();
        if (used.size() >= size) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long[][] spans = {{dynamicStart, size}, {0, dynamicStart}};
        for (long[] span : spans) {
            long width = span[1] - span[0];
            if (width <= 0) {
                continue;
            }
            for (int i = 0; i < 64; i++) {
                long off = span[0] + random.nextLong(width);
                if (!used.contains(off)) {
                    return space.value(off);
                }
            }
            long start = span[0] + random.nextLong(width);
            for (long i = 0; i < width; i++) {
                long off = span[0] + (start - span[0] + i) % width;
                if (!used.contains(off)) {
                    return space.value(off);
                }
            }
        }
        return null;
    }

    private Set<Long> used(ObjectStorage storage) {
        Set<Long> used = new HashSet<>();
        String from = prefix;
        while (true) {
            Page page = storage.list(prefix, from, 0, 10_000);
            for (Versioned v : page.items()) {
                long off = space.offset(v.key().substring(prefix.length()));
                if (off >= 0) {
                    used.add(off);
                }
            }
            if (!page.more() || page.lastKey() == null) {
                return used;
            }
            from = page.lastKey() + "\0";
        }
    }

    /** Frees a value if {@code ownerUid} holds it. */
    void release(ObjectStorage storage, String value, String ownerUid) {
        for (int attempt = 0; attempt < 4; attempt++) {
            Versioned v = storage.get(prefix + value);
            if (v == null || !ownerUid.equals(v.object().path("owner").path("uid").asString(""))) {
                return;
            }
            if (storage.delete(prefix + value, v.modRevision()).succeeded()) {
                return;
            }
        }
    }
}
