package dev.jube.apiserver.endpoints;

import dev.jube.api.table.IncludeObject;
import dev.jube.api.table.TableBuilder;
import dev.jube.api.table.TableException;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts objects to a meta.k8s.io Table, the server-side printing kubectl asks for, with the
 * kind's table definition (upstream's printer columns for built-in kinds).
 */
final class Tables {

    private Tables() {}

    /** A builder for the requested Table version and includeObject; 400 for an unknown includeObject. */
    static TableBuilder builder(ResourceDescriptor d, Output out) {
        IncludeObject include;
        try {
            include = IncludeObject.parse(out.includeObject());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return TableBuilder.of(d.table()).includeObject(include)
                .metaVersion(out.tableVersion() == null ? "v1" : out.tableVersion());
    }

    /** The Table of a list: its rows and the list's metadata. */
    static ObjectNode list(ResourceDescriptor d, Output out, List<ObjectNode> items, String resourceVersion,
                           String continueToken, Long remainingItemCount) {
        TableBuilder b = builder(d, out).listMeta(resourceVersion, continueToken, remainingItemCount);
        return build(b, t -> t.build(items));
    }

    /** The Table of one object, carrying the object's resourceVersion. */
    static ObjectNode single(ResourceDescriptor d, Output out, ObjectNode obj) {
        return build(builder(d, out), t -> t.buildSingle(obj));
    }

    /** The Table of one watch event; only the first event of a watch carries the column definitions. */
    static ObjectNode watchEvent(ResourceDescriptor d, Output out, ObjectNode obj, String resourceVersion,
                                 boolean first) {
        TableBuilder b = builder(d, out).noHeaders(!first).listMeta(resourceVersion, null, null);
        return build(b, t -> t.build(List.of(obj)));
    }

    private static ObjectNode build(TableBuilder b, Function<TableBuilder, ObjectNode> f) {
        try {
            return f.apply(b);
        } catch (TableException e) {
            throw ApiException.internal(e.getMessage());
        }
    }
}
