package dev.jube.api.apply;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes the fields and items of a set from an object, as upstream's RemoveItems: a member
 * of the set goes with everything below it, and a container left empty becomes null.
 */
final class ItemRemoval {

    private ItemRemoval() {
    }

    static JsonNode remove(JsonNode object, FieldSet set, Schema schema) {
        if (set.isEmpty()) {
            return object.deepCopy();
        }
        JsonNode out = remove(object, set, List.of(), FieldPath.ROOT, schema);
        return out.isNull() ? GoJsonNodes.object() : out;
    }

    private static JsonNode remove(JsonNode v, FieldSet set, List<String> sp, FieldPath fp, Schema schema) {
        Schema.FieldType type = schema.typeAt(sp);
        if (v.isObject()) {
            if (v.isEmpty() || (type.atomic() && !fp.isRoot())) {
                return GoJsonNodes.NODES.nullNode();
            }
            ObjectNode out = GoJsonNodes.object();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                PathElement pe = PathElement.field(e.getKey());
                if (set.hasMember(pe)) {
                    continue;
                }
                FieldSet sub = set.child(pe);
                out.set(e.getKey(), sub.isEmpty() ? e.getValue().deepCopy()
                        : remove(e.getValue(), sub, Schemas.append(sp, e.getKey()), fp.append(pe), schema));
            }
            return out.isEmpty() ? GoJsonNodes.NODES.nullNode() : out;
        }
        if (v.isArray()) {
            if (v.isEmpty() || type.listType() == Schema.ListType.ATOMIC) {
                return GoJsonNodes.NODES.nullNode();
            }
            ArrayNode out = GoJsonNodes.array();
            for (JsonNode item : v) {
                PathElement pe = ListItems.element(item, type, fp);
                if (set.hasMember(pe)) {
                    continue;
                }
                FieldSet sub = set.child(pe);
                out.add(sub.isEmpty() ? item.deepCopy() : remove(item, sub, sp, fp.append(pe), schema));
            }
            return out.isEmpty() ? GoJsonNodes.NODES.nullNode() : out;
        }
        return v.deepCopy();
    }
}
