package dev.jube.store.embedded;

import dev.jube.store.KeyValue;
import dev.jube.store.WatchEvent;
import java.util.List;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.RootReference;

/**
 * The maps frozen at one moment: MVStore maps are copy-on-write, so their roots are immutable
 * snapshots. The committer publishes a view after each fsync; readers use it and so never see a
 * write before it is durable.
 */
record View(StoreFile file, RootReference<String, KeyValue> kvRoot, RootReference<Long, List<WatchEvent>> changelogRoot,
        long revision, long compactRevision) {

    /** The maps as they are now (for the committer, the only writer). */
    static View live(StoreFile file, long revision, long compactRevision) {
        return new View(file, file.kv.getRoot(), file.changelog.getRoot(), revision, compactRevision);
    }

    KeyValue get(String key) {
        return file.kv.get(kvRoot.root, key);
    }

    Cursor<String, KeyValue> keysFrom(String key) {
        return file.kv.cursor(kvRoot, key, null, false);
    }

    Cursor<Long, List<WatchEvent>> changesFrom(long revision) {
        return file.changelog.cursor(changelogRoot, revision, null, false);
    }
}
