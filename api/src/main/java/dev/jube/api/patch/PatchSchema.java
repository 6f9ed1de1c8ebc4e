package dev.jube.api.patch;

import java.util.List;

/**
 * Answers the strategic-merge strategy of a field, given its path of field names from the
 * object root, e.g. {@code ["spec","template","spec","containers"]}. List items add no path
 * segment: the fields of a container are under {@code [..., "containers", "ports"]}.
 */
@FunctionalInterface
public interface PatchSchema {

    /** Every field default: objects merge, lists are replaced. */
    PatchSchema NONE = path -> PatchStrategy.DEFAULT;

    PatchStrategy strategy(List<String> path);
}
