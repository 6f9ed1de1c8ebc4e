package dev.jube.api.component;

import java.nio.file.Path;
import java.util.Map;

/**
 * A component (scheduler, hollow nodes, ...) that an in-process cluster can start next to its API
 * server. Implementations are found with {@link java.util.ServiceLoader}, so the cluster finds
 * whatever components are on the classpath without a build dependency on their modules: the
 * dependencies keep pointing one way (components and the cluster both depend on this interface; the
 * cluster never on a component).
 */
public interface EmbeddedComponent {

    /** The name the cluster asks for, e.g. {@code "scheduler"} or {@code "hollow-nodes"}. */
    String name();

    /**
     * Starts the component against the API server described by {@code kubeconfig}, with
     * component-specific {@code options}; it stops when the returned handle is closed.
     */
    AutoCloseable start(Path kubeconfig, Map<String, String> options) throws Exception;
}
