package dev.jube.store.etcd;

import dev.jube.store.Keys;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps store keys to etcd keys under a fixed prefix, so several clusters can share one etcd.
 * Range ends are mapped so that no range ever reaches outside the prefix.
 */
final class KeyPrefix {

    private static final byte[] ALL_END = {0};

    private final byte[] prefix;

    KeyPrefix(String prefix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    ByteSequence key(String key) {
        return ByteSequence.from(concat(prefix, key.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The etcd range end for a store range end: {@link Keys#ALL} means "to the end of this prefix's
     * keys", which is the end of the whole key space only when there is no prefix.
     */
    ByteSequence rangeEnd(String rangeEnd) {
        if (Keys.ALL.equals(rangeEnd)) {
            return ByteSequence.from(prefix.length == 0 ? ALL_END : prefixEnd(prefix));
        }
        return key(rangeEnd);
    }

    /** The store key of an etcd key that lies under this prefix. */
    String strip(ByteSequence etcdKey) {
        byte[] b = etcdKey.getBytes();
        if (b.length < prefix.length || !Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new IllegalStateException("etcd returned a key outside the prefix: " + etcdKey);
        }
        return new String(b, prefix.length, b.length - prefix.length, StandardCharsets.UTF_8);
    }

    int length() {
        return prefix.length;
    }

    /** The smallest key above every key that starts with {@code p}; "\0" (to the end) if none. */
    static byte[] prefixEnd(byte[] p) {
        for (int i = p.length - 1; i >= 0; i--) {
            if ((p[i] & 0xff) < 0xff) {
                byte[] end = Arrays.copyOf(p, i + 1);
                end[i]++;
                return end;
            }
        }
        return ALL_END.clone();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
