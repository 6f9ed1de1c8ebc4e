package dev.jube.store;

import java.util.List;

/** If every compare holds, run {@code success}, else {@code failure}. */
public record TxnRequest(List<Compare> compares, List<Op> success, List<Op> failure) {

    public TxnRequest {
        compares = List.copyOf(compares);
        success = List.copyOf(success);
        failure = List.copyOf(failure);
    }

    /** Unconditional operations. */
    public static TxnRequest of(Op... ops) {
        return new TxnRequest(List.of(), List.of(ops), List.of());
    }

    /** {@code op} when {@code compare} holds, else read {@code compare.key()} (to learn why it failed). */
    public static TxnRequest when(Compare compare, Op op) {
        return new TxnRequest(List.of(compare), List.of(op), List.of(Op.get(compare.key())));
    }

    /** Bytes this request carries, for the {@link Store#MAX_REQUEST_BYTES} check. */
    public int size() {
        int n = 0;
        for (Compare c : compares) {
            n += Keys.size(c.key()) + 16;
        }
        for (Op op : success) {
            n += op.size();
        }
        for (Op op : failure) {
            n += op.size();
        }
        return n;
    }
}
