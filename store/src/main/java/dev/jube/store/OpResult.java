package dev.jube.store;

import java.util.List;

/** The result of one {@link Op}, in the same position as the operation. */
public sealed interface OpResult {

    /** {@code prevKv} is set only when the put asked for it and the key existed. */
    record PutResult(KeyValue prevKv) implements OpResult {}

    /** {@code prevKvs} is filled only when the delete asked for it. */
    record DeleteResult(long deleted, List<KeyValue> prevKvs) implements OpResult {
        public DeleteResult {
            prevKvs = List.copyOf(prevKvs);
        }
    }

    record GetResult(RangeResponse response) implements OpResult {}
}
