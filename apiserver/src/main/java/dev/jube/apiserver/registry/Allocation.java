package dev.jube.apiserver.registry;

/** What a write claimed from cluster-wide pools, to keep or give back depending on the write's outcome. */
public interface Allocation {

    Allocation NONE = new Allocation() {
        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };

    /** The write succeeded: release what the old object held and the new one no longer does. */
    void commit();

    /** The write failed: release what was claimed for it. */
    void rollback();
}
