package dev.jube.api.apply;

import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of an apply.
 *
 * @param object  the object to store, with its new {@code metadata.managedFields}
 * @param changed whether it differs from the live object at all (managedFields included); an
 *                unchanged result needs no write
 */
public record ApplyResult(ObjectNode object, boolean changed) {
}
