package dev.jube.api.apply;

import dev.jube.api.validation.FieldError;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The fields an object sets, as upstream's ToFieldSet lists them: every scalar, atomic list or
 * atomic object, every list item, and object members that are null, empty, or entries of a
 * map rather than declared fields.
 */
final class ObjectFields {

    private ObjectFields() {
    }

    /**
     * @param strict reject duplicate list items (applied configurations); otherwise later
     *               duplicates are ignored (stored objects)
     */
    static FieldSet of(JsonNode object, Schema schema, boolean strict) {
        FieldSet.Builder b = new FieldSet.Builder();
        visit(object, List.of(), FieldPath.ROOT, schema, strict, b);
        return b.build();
    }

    private static void visit(JsonNode v, List<String> sp, FieldPath fp, Schema schema, boolean strict,
                              FieldSet.Builder b) {
        Schema.FieldType type = schema.typeAt(sp);
        if (v.isObject()) {
            if (type.atomic() && !fp.isRoot()) {
                b.insert(fp);
                return;
            }
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                List<String> csp = Schemas.append(sp, e.getKey());
                FieldPath cfp = fp.append(PathElement.field(e.getKey()));
                JsonNode child = e.getValue();
                visit(child, csp, cfp, schema, strict, b);
                if (child.isNull() || (child.isObject() && child.isEmpty()) || !schema.typeAt(csp).named()) {
                    b.insert(cfp);
                }
            }
        } else if (v.isArray()) {
            if (type.listType() == Schema.ListType.ATOMIC) {
                b.insert(fp);
                return;
            }
            Set<PathElement> seen = new HashSet<>();
            for (JsonNode item : v) {
                PathElement pe = ListItems.element(item, type, fp);
                if (!seen.add(pe)) {
                    if (strict) {
                        throw ApplyException.invalid(new FieldError(FieldError.Type.DUPLICATE,
                                ListItems.display(fp), pe.toString(), "duplicate entries for key " + pe));
                    }
                    continue;
                }
                FieldPath ifp = fp.append(pe);
                visit(item, sp, ifp, schema, strict, b);
                b.insert(ifp);
            }
        } else if (!v.isNull()) {
            b.insert(fp);
        }
    }
}
