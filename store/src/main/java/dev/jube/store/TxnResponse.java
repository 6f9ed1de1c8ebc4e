package dev.jube.store;

import java.util.List;

/**
 * Whether the compares held, the store's revision after the transaction (the new revision when
 * it wrote), and one result per operation that ran.
 */
public record TxnResponse(boolean succeeded, long revision, List<OpResult> results) {

    public TxnResponse {
        results = List.copyOf(results);
    }
}
