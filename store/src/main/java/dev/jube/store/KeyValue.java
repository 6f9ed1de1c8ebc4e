package dev.jube.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One key at one revision. For a DELETE event the value is empty and modRevision is the revision
 * of the deletion. {@code version} counts the puts since the key was (re)created; {@code lease} is
 * 0 when the key has none.
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version, long lease) {

    public KeyValue {
        if (key == null) {
            throw new IllegalArgumentException("key is required");
        }
        if (value == null) {
            value = new byte[0];
        }
    }

    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv
                && key.equals(kv.key)
                && Arrays.equals(value, kv.value)
                && createRevision == kv.createRevision
                && modRevision == kv.modRevision
                && version == kv.version
                && lease == kv.lease;
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Long.hashCode(modRevision);
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + " create=" + createRevision + " mod=" + modRevision + " version=" + version
                + " lease=" + lease + " value=" + value.length + "B]";
    }
}
