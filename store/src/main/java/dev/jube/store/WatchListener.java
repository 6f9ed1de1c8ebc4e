package dev.jube.store;

import java.util.List;

/** Receives a watch's events. Calls for one watch never overlap. */
public interface WatchListener {

    /** The events of one revision (a transaction may change several keys), in order. */
    void onEvents(List<WatchEvent> events);

    /**
     * The watch ended with an error ({@link CompactedException} when its start revision was
     * compacted, {@link StoreUnavailableException} when the backend went away). No more calls
     * follow.
     */
    void onError(StoreException error);
}
