package dev.jube.api.apply;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What changed between two versions of an object, as upstream's typed Compare reports it:
 * leaves (scalars, atomic lists and objects, empty containers) are added, removed or
 * modified; containers (granular objects, list items) are added or removed as a whole too.
 */
record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {

    boolean isSame() {
        return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
    }

    Comparison excluding(FieldSet ignored) {
        if (ignored == null || ignored.isEmpty()) {
            return this;
        }
        return new Comparison(added.recursiveDifference(ignored), modified.recursiveDifference(ignored),
                removed.recursiveDifference(ignored));
    }

    static Comparison of(JsonNode oldObject, JsonNode newObject, Schema schema) {
        Walk w = new Walk(schema);
        w.compare(oldObject, newObject, List.of(), FieldPath.ROOT);
        return new Comparison(w.added.build(), w.modified.build(), w.removed.build());
    }

    private static final class Walk {
        final Schema schema;
        final FieldSet.Builder added = new FieldSet.Builder();
        final FieldSet.Builder modified = new FieldSet.Builder();
        final FieldSet.Builder removed = new FieldSet.Builder();

        Walk(Schema schema) {
            this.schema = schema;
        }

        /** {@code l} or {@code r} is null (Java) when absent; JSON null is a value. */
        void compare(JsonNode l, JsonNode r, List<String> sp, FieldPath fp) {
            Schema.FieldType type = schema.typeAt(sp);
            Nodes.Shape ls = Nodes.shape(l);
            Nodes.Shape rs = Nodes.shape(r);
            if (ls.container() && rs.container() && ls != rs
                    || ls.container() && rs == Nodes.Shape.SCALAR
                    || rs.container() && ls == Nodes.Shape.SCALAR) {
                // A value that changed shape: its old contents go, its new contents come.
                children(l, null, type, sp, fp);
                children(null, r, type, sp, fp);
                modified.insert(fp);
                return;
            }
            Nodes.Shape shape = ls.container() ? ls : rs;
            boolean bothEmpty = Nodes.emptyish(l) && Nodes.emptyish(r);
            boolean leaf = !shape.container() || bothEmpty
                    || (shape == Nodes.Shape.OBJECT && type.atomic() && !fp.isRoot())
                    || (shape == Nodes.Shape.ARRAY && type.listType() == Schema.ListType.ATOMIC);
            if (leaf) {
                if (l == null) {
                    added.insert(fp);
                } else if (r == null) {
                    removed.insert(fp);
                } else if (!Nodes.equal(l, r)) {
                    modified.insert(fp);
                }
                return;
            }
            children(l, r, type, sp, fp);
            if (l == null) {
                added.insert(fp);
            } else if (r == null) {
                removed.insert(fp);
            }
        }

        private void children(JsonNode l, JsonNode r, Schema.FieldType type, List<String> sp, FieldPath fp) {
            JsonNode any = l != null && !l.isNull() ? l : r;
            if (any == null || any.isNull()) {
                return;
            }
            if (any.isObject()) {
                boolean lo = l != null && l.isObject();
                boolean ro = r != null && r.isObject();
                // In the order of the old fields, then the new ones, without building a set of both.
                if (lo) {
                    for (String n : l.propertyNames()) {
                        compare(l.get(n), ro ? r.get(n) : null, Schemas.append(sp, n), fp.append(PathElement.field(n)));
                    }
                }
                if (ro) {
                    for (String n : r.propertyNames()) {
                        if (!lo || !l.has(n)) {
                            compare(null, r.get(n), Schemas.append(sp, n), fp.append(PathElement.field(n)));
                        }
                    }
                }
            } else if (any.isArray()) {
                if (type.listType() == Schema.ListType.ATOMIC) {
                    // Only reached for a change of shape: the list is one value.
                    return;
                }
                Map<PathElement, JsonNode> li = index(l, type, fp);
                Map<PathElement, JsonNode> ri = index(r, type, fp);
                Set<PathElement> pes = new LinkedHashSet<>(li.keySet());
                pes.addAll(ri.keySet());
                for (PathElement pe : pes) {
                    compare(li.get(pe), ri.get(pe), sp, fp.append(pe));
                }
            }
        }

        private static Map<PathElement, JsonNode> index(JsonNode list, Schema.FieldType type, FieldPath fp) {
            Map<PathElement, JsonNode> m = new LinkedHashMap<>();
            if (list != null && list.isArray()) {
                for (JsonNode item : list) {
                    m.putIfAbsent(ListItems.element(item, type, fp), item);
                }
            }
            return m;
        }
    }
}
