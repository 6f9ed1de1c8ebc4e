package dev.jube.apiserver.admission;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored objects admission plugins consult: namespaces, service accounts, priority classes
 * and quotas. The server answers from its watch cache, as upstream's plugins read informer
 * caches, and reads storage for a key the cache has not seen yet (an object created a moment
 * ago). The trees are shared: plugins must not modify them.
 */
public interface ClusterObjects {

    /** The object under {@code key}, or null. */
    ObjectNode get(String key);

    /** The object under {@code key} as storage holds it now, bypassing the cache; or null. */
    ObjectNode getStored(String key);

    /** The objects whose keys start with {@code prefix}, as the cache last saw them. */
    List<ObjectNode> list(String prefix);
}
