package dev.jube.apiserver.json;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Trees that take little memory, for the API server's one mapper: objects keep small field sets
 * in one array ({@link CompactObjectMap}), and short strings seen again (namespaces, images,
 * labels, condition types, managers) share one immutable node. The share is a fixed-size table
 * that a new value simply overwrites, so unique values such as UIDs cannot make it grow.
 */
final class CompactNodeFactory extends JsonNodeFactory {

    private static final int SHARED_SLOTS = 1 << 13;
    private static final int MAX_SHARED_LENGTH = 48;

    /** Slots are raced on without locks: a StringNode is immutable, so any slot read is valid. */
    private final StringNode[] shared = new StringNode[SHARED_SLOTS];

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new CompactObjectMap());
    }

    @Override
    public StringNode stringNode(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_SHARED_LENGTH) {
            return super.stringNode(text);
        }
        int h = text.hashCode();
        int slot = (h ^ (h >>> 16)) & (SHARED_SLOTS - 1);
        StringNode known = shared[slot];
        if (known != null && known.stringValue().equals(text)) {
            return known;
        }
        StringNode made = new StringNode(text);
        shared[slot] = made;
        return made;
    }
}
