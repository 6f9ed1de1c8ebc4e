package dev.jube.store.embedded;

import dev.jube.store.CompactedException;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Compacts history on a timer, as the Kubernetes API server does against etcd: each tick discards
 * the revisions older than the previous tick's revision (so at least one interval of history is
 * kept), and, when a retained-revisions cap is set, those more than that many revisions old.
 */
final class AutoCompactor implements Runnable {

    private final Supplier<View> snapshot;
    private final LongConsumer compact;
    private final long retainedRevisions;
    private long previousTickRevision;

    AutoCompactor(Supplier<View> snapshot, LongConsumer compact, long retainedRevisions) {
        this.snapshot = snapshot;
        this.compact = compact;
        this.retainedRevisions = retainedRevisions;
    }

    @Override
    public void run() {
        View now = snapshot.get();
        long target = previousTickRevision;
        if (retainedRevisions > 0) {
            target = Math.max(target, now.revision() - retainedRevisions);
        }
        previousTickRevision = now.revision();
        if (target > now.compactRevision()) {
            try {
                compact.accept(target);
            } catch (CompactedException e) {
                // someone compacted further meanwhile
            }
        }
    }
}
