package dev.jube.controllers.framework;

/**
 * One controller: it watches some kinds through shared informers, turns their events into keys
 * on its work queue, and reconciles one key at a time. {@link #reconcile} is level-triggered and
 * idempotent: it reads the current state from the informer caches (never from the event that
 * queued the key) and moves the cluster one step towards the desired state; running it twice is
 * harmless. A reconcile that throws is retried with back-off.
 */
public interface Controller extends AutoCloseable {

    /** The controller's name, as upstream names it (e.g. "replicaset"); used for queues and logs. */
    String name();

    /**
     * Takes the informers this controller needs from {@code context} (shared with every other
     * controller of the manager) and registers the event handlers that add keys to {@code queue}.
     * Called once, before the informers start.
     */
    void init(ControllerContext context, WorkQueue queue);

    /** Brings the object named by {@code key} to its desired state. */
    void reconcile(String key) throws Exception;

    /** Releases what {@link #init} started besides the shared informers. */
    @Override
    default void close() {}
}
