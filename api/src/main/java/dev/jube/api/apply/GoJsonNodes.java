package dev.jube.api.apply;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Node construction shared by the package. */
final class GoJsonNodes {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GoJsonNodes() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }
}
