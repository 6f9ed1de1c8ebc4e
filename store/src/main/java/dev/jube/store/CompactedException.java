package dev.jube.store;

/** The requested revision was compacted away (the API server answers 410 Gone). */
public class CompactedException extends StoreException {

    private final long compactRevision;

    public CompactedException(long compactRevision) {
        super("required revision has been compacted (compacted revision " + compactRevision + ")");
        this.compactRevision = compactRevision;
    }

    public long compactRevision() {
        return compactRevision;
    }
}
