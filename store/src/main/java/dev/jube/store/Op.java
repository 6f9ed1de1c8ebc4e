package dev.jube.store;

/** One operation of a transaction. */
public sealed interface Op {

    /** Puts a value; {@code lease} 0 for none. {@code prevKv} returns the value it replaced. */
    record Put(String key, byte[] value, long lease, boolean prevKv) implements Op {
        public Put {
            if (key == null || value == null) {
                throw new IllegalArgumentException("key and value are required");
            }
        }
    }

    /** Deletes a key, or the keys in {@code [key, rangeEnd)}; {@code prevKv} returns what was deleted. */
    record Delete(String key, String rangeEnd, boolean prevKv) implements Op {
        public Delete {
            if (key == null) {
                throw new IllegalArgumentException("key is required");
            }
            if (rangeEnd == null) {
                rangeEnd = "";
            }
        }
    }

    /** Reads inside the transaction, at the transaction's revision. */
    record Get(RangeRequest request) implements Op {}

    static Put put(String key, byte[] value) {
        return new Put(key, value, 0, false);
    }

    static Put put(String key, byte[] value, long lease) {
        return new Put(key, value, lease, false);
    }

    static Delete delete(String key) {
        return new Delete(key, "", false);
    }

    static Delete deletePrefix(String prefix) {
        return new Delete(prefix, Keys.prefixEnd(prefix), false);
    }

    static Get get(String key) {
        return new Get(RangeRequest.key(key));
    }

    /** Bytes this operation adds to a request, for the {@link Store#MAX_REQUEST_BYTES} check. */
    default int size() {
        return switch (this) {
            case Put p -> Keys.size(p.key()) + p.value().length + 16;
            case Delete d -> Keys.size(d.key()) + Keys.size(d.rangeEnd()) + 8;
            case Get g -> Keys.size(g.request().key()) + Keys.size(g.request().rangeEnd()) + 16;
        };
    }
}
