package dev.jube.apiserver.endpoints;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.HumanDuration;
import dev.jube.apiserver.registry.ResourceDescriptor;
import dev.jube.apiserver.registry.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Converts objects to a meta.k8s.io Table, the server-side printing kubectl asks for. */
final class Tables {

    private Tables() {}

    /** The descriptor's columns with Name first and Age last unless the descriptor placed them. */
    static List<TableColumn> columns(ResourceDescriptor d) {
        List<TableColumn> cols = new ArrayList<>();
        boolean hasName = d.columns().stream().anyMatch(c -> c.name().equals(TableColumn.NAME));
        boolean hasAge = d.columns().stream().anyMatch(c -> c.name().equals(TableColumn.AGE));
        if (!hasName) {
            cols.add(TableColumn.string(TableColumn.NAME,
                    "Name must be unique within a namespace. Is required when creating resources, although some "
                            + "resources may allow a client to request the generation of an appropriate name "
                            + "automatically. Name is primarily intended for creation idempotence and configuration "
                            + "definition. Cannot be updated.", o -> null));
        }
        cols.addAll(d.columns());
        if (!hasAge) {
            cols.add(TableColumn.string(TableColumn.AGE, "", o -> null));
        }
        return cols;
    }

    static ObjectNode table(ResourceDescriptor d, List<ObjectNode> objects, ObjectNode listMeta, Output out,
                            boolean withColumns) {
        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/" + (out.tableVersion() == null ? "v1" : out.tableVersion()));
        table.set("metadata", listMeta == null ? Json.object() : listMeta);
        List<TableColumn> cols = columns(d);
        ArrayNode defs = table.putArray("columnDefinitions");
        if (withColumns) {
            for (TableColumn c : cols) {
                ObjectNode def = defs.addObject();
                def.put("name", c.name());
                def.put("type", c.type());
                def.put("format", c.name().equals(TableColumn.NAME) && c.format().isEmpty() ? "name" : c.format());
                def.put("description", c.name().equals(TableColumn.AGE) && c.description().isEmpty()
                        ? "CreationTimestamp is a timestamp representing the server time when this object was created."
                        : c.description());
                def.put("priority", c.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        Instant now = Instant.now();
        for (ObjectNode obj : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (TableColumn c : cols) {
                cells.add(cell(c, obj, now));
            }
            JsonNode rowObject = rowObject(obj, out.includeObject());
            if (rowObject != null) {
                row.set("object", rowObject);
            }
        }
        return table;
    }

    private static JsonNode cell(TableColumn c, ObjectNode obj, Instant now) {
        Object v;
        if (c.name().equals(TableColumn.AGE) && c.description().isEmpty()) {
            String created = Json.text(obj, "metadata", "creationTimestamp");
            v = created == null ? "<unknown>" : HumanDuration.since(Instant.parse(created), now);
        } else if (c.name().equals(TableColumn.NAME) && c.format().isEmpty()) {
            v = Json.text(obj, "metadata", "name");
        } else {
            try {
                v = c.cell().apply(obj);
            } catch (RuntimeException badShape) {
                v = "<unknown>";
            }
        }
        ArrayNode holder = Json.MAPPER.createArrayNode();
        if (v == null) {
            holder.add("<none>");
        } else if (v instanceof Long l) {
            holder.add(l);
        } else if (v instanceof Integer i) {
            holder.add(i);
        } else if (v instanceof Boolean b) {
            holder.add(b);
        } else {
            holder.add(v.toString());
        }
        return holder.get(0);
    }

    private static JsonNode rowObject(ObjectNode obj, String includeObject) {
        if ("None".equals(includeObject)) {
            return null;
        }
        if ("Object".equals(includeObject)) {
            return obj;
        }
        ObjectNode partial = Json.object();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        JsonNode meta = obj.get("metadata");
        partial.set("metadata", meta == null ? Json.object() : meta);
        return partial;
    }
}
