package dev.jube.api.apply;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges an applied configuration into the live object as upstream's typed Merge does: the
 * configuration's values win, granular objects merge member by member, map lists merge items
 * by key and sets by value (live-only items keep their place, shared items follow the
 * configuration's order), atomic lists and objects are replaced whole.
 */
final class ApplyMerge {

    private ApplyMerge() {
    }

    static JsonNode merge(JsonNode live, JsonNode config, Schema schema) {
        return merge(live, config, List.of(), FieldPath.ROOT, schema);
    }

    private static JsonNode merge(JsonNode l, JsonNode r, List<String> sp, FieldPath fp, Schema schema) {
        if (r == null) {
            return l == null ? null : l.deepCopy();
        }
        if (l == null) {
            return r.deepCopy();
        }
        Schema.FieldType type = schema.typeAt(sp);
        Nodes.Shape ls = Nodes.shape(l);
        Nodes.Shape rs = Nodes.shape(r);
        Nodes.Shape shape = rs.container() ? rs : ls;
        boolean compatible = (ls == shape || ls == Nodes.Shape.NULL) && (rs == shape || rs == Nodes.Shape.NULL);
        if (!shape.container() || !compatible || (Nodes.emptyish(l) && Nodes.emptyish(r))) {
            return r.deepCopy();
        }
        if (shape == Nodes.Shape.OBJECT) {
            if (type.atomic() && !fp.isRoot()) {
                return r.deepCopy();
            }
            ObjectNode out = l.isObject() ? (ObjectNode) l.deepCopy() : GoJsonNodes.object();
            if (r.isObject()) {
                for (Map.Entry<String, JsonNode> e : r.properties()) {
                    String n = e.getKey();
                    out.set(n, merge(out.get(n), e.getValue(), Schemas.append(sp, n),
                            fp.append(PathElement.field(n)), schema));
                }
            }
            return out;
        }
        if (type.listType() == Schema.ListType.ATOMIC) {
            return r.deepCopy();
        }
        return mergeList(l.isArray() ? l : GoJsonNodes.array(), r.isArray() ? r : GoJsonNodes.array(),
                type, sp, fp, schema);
    }

    private static ArrayNode mergeList(JsonNode l, JsonNode r, Schema.FieldType type, List<String> sp,
                                       FieldPath fp, Schema schema) {
        Map<PathElement, JsonNode> li = index(l, type, fp);
        Map<PathElement, JsonNode> ri = index(r, type, fp);
        List<PathElement> lOrder = new ArrayList<>(li.keySet());
        List<PathElement> rOrder = new ArrayList<>(ri.keySet());
        List<PathElement> shared = new ArrayList<>();
        for (PathElement pe : rOrder) {
            if (li.containsKey(pe)) {
                shared.add(pe);
            }
        }
        int nextShared = 0;
        Set<PathElement> emitted = new HashSet<>();
        ArrayNode out = GoJsonNodes.array();
        int a = 0;
        int b = 0;
        while (a < lOrder.size() || b < rOrder.size()) {
            if (a < lOrder.size() && b < rOrder.size()) {
                PathElement pe = lOrder.get(a);
                if (pe.equals(rOrder.get(b))) {
                    out.add(merge(li.get(pe), ri.get(pe), sp, fp.append(pe), schema));
                    emitted.add(pe);
                    a++;
                    b++;
                    nextShared++;
                    continue;
                }
                // A shared item the configuration places later: it is emitted there.
                if (ri.containsKey(pe) && nextShared < shared.size() && !shared.get(nextShared).equals(pe)) {
                    a++;
                    continue;
                }
            }
            if (a < lOrder.size()) {
                PathElement pe = lOrder.get(a);
                if (!ri.containsKey(pe)) {
                    out.add(li.get(pe).deepCopy());
                    a++;
                    continue;
                }
                if (emitted.contains(pe)) {
                    a++;
                    continue;
                }
            }
            if (b < rOrder.size()) {
                PathElement pe = rOrder.get(b);
                out.add(merge(li.get(pe), ri.get(pe), sp, fp.append(pe), schema));
                emitted.add(pe);
                b++;
                if (nextShared < shared.size() && shared.get(nextShared).equals(pe)) {
                    nextShared++;
                }
            } else {
                a++;
            }
        }
        return out;
    }

    private static Map<PathElement, JsonNode> index(JsonNode list, Schema.FieldType type, FieldPath fp) {
        Map<PathElement, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode item : list) {
            m.putIfAbsent(ListItems.element(item, type, fp), item);
        }
        return m;
    }
}
