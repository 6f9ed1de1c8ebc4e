package dev.jube.store.embedded;

import dev.jube.store.KeyValue;
import dev.jube.store.StoreException;
import dev.jube.store.StoreUnavailableException;
import dev.jube.store.WatchEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.LongDataType;

/**
 * The MVStore file and its maps: {@code kv} (key to current value), {@code changelog} (revision
 * to that revision's events, each with its previous value), {@code leases} (id to TTL) and
 * {@code state} (revision counters). Only the committer writes; MVStore never commits on its own,
 * so whatever {@link #commitDurably()} wrote is exactly a sequence of whole batches.
 */
final class StoreFile implements AutoCloseable {

    static final String FILE_NAME = "store.mv";
    /** An empty store's revision; it has no changelog entry, every later revision has exactly one. */
    static final long INITIAL_REVISION = 1;

    private static final String REVISION = "revision";
    private static final String COMPACT_REVISION = "compactRevision";
    /**
     * Each commit leaves a chunk holding a little live data (history that is still retained);
     * chunks below this share of live data are rewritten so their space can be reused.
     */
    private static final int TARGET_FILL_RATE = 80;
    private static final int REWRITE_BYTES_PER_ROUND = 512 << 10;

    private final Path path;
    private final MVStore store;
    final MVMap<String, KeyValue> kv;
    final MVMap<Long, List<WatchEvent>> changelog;
    final MVMap<Long, Long> leases;
    private final MVMap<String, Long> state;
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private StoreFile(Path path, MVStore store, RecordCodec codec) {
        this.path = path;
        this.store = store;
        this.kv = store.openMap("kv", new MVMap.Builder<String, KeyValue>()
                .keyType(MapTypes.KeyType.INSTANCE).valueType(new MapTypes.KeyValueType(codec)));
        this.changelog = store.openMap("changelog", new MVMap.Builder<Long, List<WatchEvent>>()
                .keyType(LongDataType.INSTANCE).valueType(new MapTypes.EventsType(codec)));
        this.leases = store.openMap("leases", new MVMap.Builder<Long, Long>()
                .keyType(LongDataType.INSTANCE).valueType(LongDataType.INSTANCE));
        this.state = store.openMap("state", new MVMap.Builder<String, Long>()
                .keyType(MapTypes.KeyType.INSTANCE).valueType(LongDataType.INSTANCE));
    }

    static StoreFile open(Path dataDir, java.time.Duration chunkRetention) {
        Path path = dataDir.resolve(FILE_NAME);
        MVStore store;
        try {
            store = new MVStore.Builder()
                    .fileName(path.toString())
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0)
                    .open();
        } catch (MVStoreException | IllegalStateException | IllegalArgumentException e) {
            throw new StoreException("cannot read store file " + path + ": " + e.getMessage(), e);
        }
        try {
            // Freed chunks must outlive the file header that still points into them: recovery
            // walks the chain of chunks from the header after a crash, and the header is rewritten
            // only now and then, so a freed chunk reused at once can break that walk and recovery
            // falls back to an older version (the crash test caught this with a retention of 0).
            // Readers pin what they read through MVStore's version usage (see read()).
            store.setRetentionTime((int) Math.min(Integer.MAX_VALUE, chunkRetention.toMillis()));
            boolean fresh = store.getMapNames().isEmpty();
            StoreFile file = new StoreFile(path, store, new RecordCodec(path.toString()));
            file.verifyOpened(fresh);
            return file;
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e instanceof StoreException se ? se : new StoreException(
                    "cannot read store file " + path + ": " + e.getMessage(), e);
        }
    }

    private void verifyOpened(boolean fresh) {
        if (state.get(REVISION) == null) {
            if (!fresh) {
                throw new StoreException("store file " + path + " holds no Jube data (damaged or not a Jube store)");
            }
            state.put(REVISION, INITIAL_REVISION);
            state.put(COMPACT_REVISION, 0L);
            commitDurably();
        }
        // After a clean shutdown the header names the last chunk; reading less means the file's
        // tail was damaged, and MVStore would otherwise quietly fall back to older data.
        Map<String, Object> header = store.getStoreHeader();
        Object clean = header.get("clean");
        Object version = header.get("version");
        if (clean != null && version != null) {
            long expected = Long.parseLong(version.toString(), 16);
            if (store.getCurrentVersion() < expected) {
                throw new StoreException("store file " + path + " is damaged: it was closed at version " + expected
                        + " but only version " + store.getCurrentVersion() + " can be read");
            }
        }
    }

    Path path() {
        return path;
    }

    long revision() {
        return state.get(REVISION);
    }

    long compactRevision() {
        return state.get(COMPACT_REVISION);
    }

    void setRevisions(long revision, long compactRevision) {
        state.put(REVISION, revision);
        state.put(COMPACT_REVISION, compactRevision);
    }

    /** Writes everything changed since the last commit as one chunk and waits until it is on disk. */
    void commitDurably() {
        translate(() -> {
            store.commit();
            store.sync();
            return null;
        });
    }

    /** Rewrites sparse chunks into a new one (durably), when enough of the file is dead data. */
    void rewriteSparseChunks() {
        translate(() -> {
            if (store.getFileStore().getChunksFillRate() < TARGET_FILL_RATE
                    && store.compact(TARGET_FILL_RATE, REWRITE_BYTES_PER_ROUND)) {
                commitDurably();
            }
            return null;
        });
    }

    /**
     * Runs a read against pages that may be rewritten meanwhile: pins them until it returns.
     * Closing waits for running reads and refuses later ones.
     */
    <T> T read(Supplier<T> read) {
        if (!closing.readLock().tryLock()) {
            throw closed();
        }
        try {
            if (closed) {
                throw closed();
            }
            MVStore.TxCounter pin = store.registerVersionUsage();
            try {
                return translate(read);
            } finally {
                store.deregisterVersionUsage(pin);
            }
        } finally {
            closing.readLock().unlock();
        }
    }

    private StoreUnavailableException closed() {
        return new StoreUnavailableException("the store file " + path + " is closed", null);
    }

    /** MVStore failures become StoreExceptions naming the file. */
    <T> T translate(Supplier<T> action) {
        try {
            return action.get();
        } catch (MVStoreException | IllegalStateException e) {
            if (e.getCause() instanceof StoreException damaged) {
                throw damaged; // a record failed its checksum: that message says it best
            }
            throw new StoreException("store file " + path + " failed: " + e.getMessage(), e);
        }
    }

    long sizeOnDisk() {
        return store.getFileStore().size();
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            closed = true;
            // A reader that finished during the last commit could not release its pin's version
            // (MVStore only tries its lock then); one more pin and release catches up.
            store.deregisterVersionUsage(store.registerVersionUsage());
            store.close();
        } finally {
            closing.writeLock().unlock();
        }
    }

    void closeAfterFailure() {
        closing.writeLock().lock();
        try {
            closed = true;
            store.closeImmediately();
        } finally {
            closing.writeLock().unlock();
        }
    }
}
