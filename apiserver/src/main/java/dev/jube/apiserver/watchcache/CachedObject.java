package dev.jube.apiserver.watchcache;

import dev.jube.apiserver.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * One object version held by the cache. The tree is shared by every reader and must not be
 * modified: copy it first. Its JSON encoding is computed once, for all watchers.
 */
public final class CachedObject {

    private final String key;
    private final ObjectNode object;
    private final long modRevision;
    private volatile byte[] json;

    public CachedObject(String key, ObjectNode object, long modRevision) {
        this.key = key;
        this.object = object;
        this.modRevision = modRevision;
    }

    public String key() {
        return key;
    }

    /** The shared, read-only tree. */
    public ObjectNode object() {
        return object;
    }

    public long modRevision() {
        return modRevision;
    }

    public byte[] json() {
        byte[] j = json;
        if (j == null) {
            j = Json.bytes(object);
            json = j;
        }
        return j;
    }

    /** The same object stamped with another resourceVersion (a deletion's revision). */
    CachedObject atRevision(long revision) {
        ObjectNode copy = object.deepCopy();
        Json.child(copy, "metadata").put("resourceVersion", Long.toString(revision));
        return new CachedObject(key, copy, revision);
    }
}
