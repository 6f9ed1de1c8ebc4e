package dev.jube.store.embedded;

import dev.jube.store.CompactedException;
import dev.jube.store.StoreException;
import dev.jube.store.Watch;
import dev.jube.store.WatchListener;
import dev.jube.store.WatchRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each committed batch to every watch. A new watch reads the revisions it missed from the
 * changelog up to the last batch handed out, and gets every later batch through its queue: the
 * two meet exactly, without gaps or duplicates.
 */
final class WatchHub {

    /** Reads committed changes from revision {@code from} to {@code to}, at most {@code max} of them. */
    interface ChangeReader {
        List<Change> read(long from, long to, int max);
    }

    private final ChangeReader reader;
    private final Set<WatchStream> streams = ConcurrentHashMap.newKeySet();
    private long published;
    private StoreException closed;

    WatchHub(ChangeReader reader, long revision) {
        this.reader = reader;
        this.published = revision;
    }

    synchronized Watch register(WatchRequest request, WatchListener listener, long compactRevision) {
        if (closed != null) {
            throw closed;
        }
        long start = request.startRevision() == 0 ? published + 1 : request.startRevision();
        WatchStream stream = new WatchStream(request, listener, start, published, reader, streams::remove);
        if (request.startRevision() != 0 && start < compactRevision) {
            stream.failAtStart(new CompactedException(compactRevision));
        } else {
            streams.add(stream);
        }
        stream.start();
        return stream;
    }

    synchronized void publish(List<Change> changes) {
        published = changes.getLast().revision();
        for (WatchStream stream : streams) {
            stream.offer(changes);
        }
    }

    synchronized void closeAll(StoreException reason) {
        closed = reason;
        for (WatchStream stream : streams) {
            stream.end(reason);
        }
        streams.clear();
    }
}
