package dev.jube.store.embedded;

import dev.jube.store.CompactedException;
import dev.jube.store.InvalidRequestException;
import dev.jube.store.LeaseGrant;
import dev.jube.store.Op;
import dev.jube.store.RangeRequest;
import dev.jube.store.RangeResponse;
import dev.jube.store.RequestTooLargeException;
import dev.jube.store.Store;
import dev.jube.store.StoreException;
import dev.jube.store.StoreUnavailableException;
import dev.jube.store.TxnRequest;
import dev.jube.store.TxnResponse;
import dev.jube.store.Watch;
import dev.jube.store.WatchEvent;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.h2.mvstore.Cursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jube's default store: etcd3 semantics in one file of a data folder, on H2 MVStore. Writes are
 * acknowledged only once fsync'd (concurrent writers share fsyncs), reads and watches see only
 * durable writes, and a crash at any moment loses no acknowledged write.
 */
public final class EmbeddedStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

    /**
     * @param compactionInterval how often history is compacted; each time, revisions older than
     *     one interval go (the Kubernetes API server compacts etcd every 5 minutes)
     * @param retainedRevisions when positive, a compaction also drops history more than this many
     *     revisions old; 0 keeps whatever the last interval wrote
     * @param leaseCheckPeriod how often expired leases are looked for
     * @param chunkRetention how long file space freed by compaction is kept before it is reused;
     *     crash recovery needs it kept until the file header has moved past it (MVStore's default,
     *     45 s). Shorter only makes reuse visible sooner, as in tests of the file's size.
     */
    public record Options(Duration compactionInterval, long retainedRevisions, Duration leaseCheckPeriod,
                          Duration chunkRetention) {

        public static final Options DEFAULTS =
                new Options(Duration.ofMinutes(5), 0, Duration.ofMillis(500), Duration.ofSeconds(45));

        public Options {
            if (compactionInterval == null || compactionInterval.isNegative() || compactionInterval.isZero()) {
                throw new IllegalArgumentException("compactionInterval must be positive");
            }
            if (retainedRevisions < 0) {
                throw new IllegalArgumentException("retainedRevisions must not be negative");
            }
            if (leaseCheckPeriod == null || leaseCheckPeriod.isNegative() || leaseCheckPeriod.isZero()) {
                throw new IllegalArgumentException("leaseCheckPeriod must be positive");
            }
            if (chunkRetention == null || chunkRetention.isNegative() || chunkRetention.isZero()) {
                throw new IllegalArgumentException("chunkRetention must be positive: reusing freed space at once "
                        + "can make crash recovery fall back to older data");
            }
        }

        public Options withCompactionInterval(Duration interval) {
            return new Options(interval, retainedRevisions, leaseCheckPeriod, chunkRetention);
        }

        public Options withRetainedRevisions(long revisions) {
            return new Options(compactionInterval, revisions, leaseCheckPeriod, chunkRetention);
        }

        public Options withLeaseCheckPeriod(Duration period) {
            return new Options(compactionInterval, retainedRevisions, period, chunkRetention);
        }

        public Options withChunkRetention(Duration retention) {
            return new Options(compactionInterval, retainedRevisions, leaseCheckPeriod, retention);
        }
    }

    private final Path dataDir;
    private final DataDirLock lock;
    private final StoreFile file;
    private final LeaseKeeper leases;
    private final WatchHub watches;
    private final Committer committer;
    private final ScheduledExecutorService maintenance;
    private volatile boolean closed;

    private EmbeddedStore(Path dataDir, DataDirLock lock, StoreFile file, Options options) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.file = file;
        this.leases = new LeaseKeeper(file.leases);
        Applier applier = new Applier(file, leases);
        this.watches = new WatchHub(this::readChanges, file.revision());
        this.committer = new Committer(file, applier, watches);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("jube-store-maintenance").daemon().factory());
        committer.start();
        long leaseMillis = options.leaseCheckPeriod().toMillis();
        maintenance.scheduleWithFixedDelay(() -> runQuietly(this::expireLeases, "lease expiry"), leaseMillis, leaseMillis, TimeUnit.MILLISECONDS);
        long compactMillis = options.compactionInterval().toMillis();
        AutoCompactor compactor = new AutoCompactor(committer::snapshot, this::compact, options.retainedRevisions());
        maintenance.scheduleWithFixedDelay(() -> runQuietly(compactor, "compaction"), compactMillis, compactMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Opens (or creates) the store in {@code dataDir} with the default options. */
    public static EmbeddedStore open(Path dataDir) {
        return open(dataDir, Options.DEFAULTS);
    }

    /** Opens (or creates) the store in {@code dataDir}; fails if another Jube is using the folder. */
    public static EmbeddedStore open(Path dataDir, Options options) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create data folder " + dataDir + ": " + e.getMessage(), e);
        }
        DataDirLock lock = DataDirLock.acquire(dataDir);
        StoreFile file = null;
        try {
            file = StoreFile.open(dataDir, options.chunkRetention());
            StoreFile opened = file;
            return file.translate(() -> new EmbeddedStore(dataDir, lock, opened, options));
        } catch (RuntimeException e) {
            if (file != null) {
                file.closeAfterFailure();
            }
            lock.close();
            throw e;
        }
    }

    @Override
    public RangeResponse range(RangeRequest request) {
        checkOpen();
        requireKey(request.key());
        return file.read(() -> RangeReader.range(committer.snapshot(), request));
    }

    @Override
    public TxnResponse txn(TxnRequest request) {
        checkOpen();
        int size = request.size();
        if (size > MAX_REQUEST_BYTES) {
            throw new RequestTooLargeException(size);
        }
        for (List<Op> ops : List.of(request.success(), request.failure())) {
            for (Op op : ops) {
                requireKey(switch (op) {
                    case Op.Put put -> put.key();
                    case Op.Delete delete -> delete.key();
                    case Op.Get get -> get.request().key();
                });
            }
        }
        return write(applier -> applier.txn(request));
    }

    @Override
    public Watch watch(WatchRequest request, WatchListener listener) {
        checkOpen();
        return watches.register(request, listener, committer.snapshot().compactRevision());
    }

    @Override
    public void compact(long revision) {
        checkOpen();
        write(applier -> {
            applier.compact(revision);
            return null;
        });
    }

    @Override
    public LeaseGrant grantLease(long ttlSeconds) {
        checkOpen();
        return write(applier -> applier.grantLease(ttlSeconds));
    }

    @Override
    public long keepAliveLease(long leaseId) {
        checkOpen();
        return leases.keepAlive(leaseId);
    }

    @Override
    public void revokeLease(long leaseId) {
        checkOpen();
        write(applier -> {
            applier.revokeLease(leaseId, false);
            return null;
        });
    }

    @Override
    public long currentRevision() {
        checkOpen();
        return committer.snapshot().revision();
    }

    /** Bytes the store file takes on disk. */
    public long fileSize() {
        checkOpen();
        return file.sizeOnDisk();
    }

    /** The oldest revision still readable (history before it was compacted away). */
    public long compactedRevision() {
        checkOpen();
        return committer.snapshot().compactRevision();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        maintenance.shutdownNow();
        try {
            maintenance.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        committer.stop();
        watches.closeAll(new StoreUnavailableException("the store at " + dataDir + " was closed", null));
        try {
            file.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing the store file {} failed", file.path(), e);
        }
        lock.close();
    }

    private List<Change> readChanges(long from, long to, int max) {
        return file.read(() -> {
            View view = committer.snapshot();
            if (from < view.compactRevision()) {
                throw new CompactedException(view.compactRevision());
            }
            List<Change> changes = new ArrayList<>();
            for (Cursor<Long, List<WatchEvent>> c = view.changesFrom(from); c.hasNext() && changes.size() < max; ) {
                long rev = c.next();
                if (rev > to) {
                    break;
                }
                changes.add(new Change(rev, c.getValue()));
            }
            return changes;
        });
    }

    private void expireLeases() {
        List<CompletableFuture<Void>> revokes = new ArrayList<>();
        for (long id : leases.expired()) {
            revokes.add(committer.submit(applier -> {
                applier.revokeLease(id, true);
                return null;
            }));
        }
        for (CompletableFuture<Void> revoke : revokes) {
            try {
                revoke.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                LOG.warn("Revoking an expired lease failed", e.getCause());
            }
        }
    }

    private <T> T write(Function<Applier, T> action) {
        try {
            return committer.submit(action).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the store; the write may or may not be applied", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("the store failed: " + e.getCause(), e.getCause());
        }
    }

    private static void runQuietly(Runnable task, String what) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("Store {} failed", what, e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreUnavailableException("the store at " + dataDir + " is closed", null);
        }
    }

    private static void requireKey(String key) {
        if (key.isEmpty()) {
            throw new InvalidRequestException("key is not provided");
        }
    }
}
