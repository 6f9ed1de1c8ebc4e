package dev.jube.store;

import java.util.List;

/**
 * The keys read, in key order. {@code revision} is the store's current revision when the read was
 * served (not the revision read at); {@code more} is true when a limit cut the result;
 * {@code count} is the number of keys in the whole range, regardless of the limit.
 */
public record RangeResponse(long revision, List<KeyValue> kvs, boolean more, long count) {

    public RangeResponse {
        kvs = List.copyOf(kvs);
    }
}
