package dev.jube.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * Converts objects between the version a descriptor serves and the version its kind is stored
 * in, as upstream converts through its internal version. Both methods get a copy they may modify
 * and return; kind and apiVersion are set by the caller.
 */
public interface VersionConverter {

    ObjectNode toStorage(ObjectNode served);

    ObjectNode fromStorage(ObjectNode stored);
}
