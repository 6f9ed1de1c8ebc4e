/**
 * The embedded store: etcd3 semantics in one H2 MVStore file of a data folder.
 *
 * <ul>
 *   <li><b>File</b> ({@link dev.jube.store.embedded.StoreFile}): maps {@code kv} (each key's
 *       current value), {@code changelog} (revision to its events, each with the previous value),
 *       {@code leases} and {@code state} (revision counters). Records carry checksums
 *       ({@link dev.jube.store.embedded.RecordCodec}).
 *   <li><b>Writes</b> ({@link dev.jube.store.embedded.Committer},
 *       {@link dev.jube.store.embedded.Applier}): one thread applies every queued write in order,
 *       commits them as one chunk and fsyncs once (group commit), then answers the writers.
 *   <li><b>Reads</b> ({@link dev.jube.store.embedded.View},
 *       {@link dev.jube.store.embedded.RangeReader}): the copy-on-write map roots captured after
 *       each fsync, so reads never see a write before it is durable; older revisions roll the
 *       current values back through the changelog.
 *   <li><b>Watches</b> ({@link dev.jube.store.embedded.WatchHub},
 *       {@link dev.jube.store.embedded.WatchStream}): catch up from the changelog, then follow the
 *       committed batches, each on its own virtual thread.
 *   <li><b>Upkeep</b>: lease expiry ({@link dev.jube.store.embedded.LeaseKeeper}), timed history
 *       compaction ({@link dev.jube.store.embedded.AutoCompactor}) and rewriting of sparse chunks
 *       so the file does not grow under churn.
 * </ul>
 */
package dev.jube.store.embedded;
