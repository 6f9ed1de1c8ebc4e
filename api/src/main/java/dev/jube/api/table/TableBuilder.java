package dev.jube.api.table;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a meta.k8s.io Table, the answer to {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}:
 *
 * <pre>{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"42"},
 *  "columnDefinitions":[{"name":"Name","type":"string","format":"name","description":"...","priority":0},...],
 *  "rows":[{"cells":["web-0","1/1","Running","0","5m"],"object":{"kind":"PartialObjectMetadata",...}}]}</pre>
 *
 * <p>All columns are always computed, wide ones included: kubectl drops priority-1 columns
 * itself unless asked for -o wide, exactly as upstream's server expects.
 *
 * <pre>{@code
 * ObjectNode table = TableBuilder.of(BuiltinTables.definition("", "pods").orElse(DefaultTable.definition()))
 *         .includeObject(IncludeObject.parse(query.get("includeObject")))
 *         .listMeta(list.resourceVersion(), list.continueToken(), list.remainingItemCount())
 *         .clock(clock)
 *         .build(items);
 * }</pre>
 */
public final class TableBuilder {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final TableDefinition definition;
    private IncludeObject includeObject = IncludeObject.METADATA;
    private boolean noHeaders;
    private String version = "v1";
    private String resourceVersion = "";
    private String continueToken = "";
    private Long remainingItemCount;
    private Clock clock = Clock.systemUTC();

    private TableBuilder(TableDefinition definition) {
        this.definition = Objects.requireNonNull(definition, "definition");
    }

    public static TableBuilder of(TableDefinition definition) {
        return new TableBuilder(definition);
    }

    public static TableBuilder of(List<TableColumn> columns) {
        return new TableBuilder(TableDefinition.of(columns));
    }

    /** One-call form: a list table with the given columns, no list metadata. */
    public static ObjectNode build(List<? extends JsonNode> objects, List<TableColumn> columns,
                                   IncludeObject includeObject, Clock clock) {
        return of(columns).includeObject(includeObject).clock(clock).build(objects);
    }

    /** What each row carries besides its cells; {@link IncludeObject#METADATA} unless set. */
    public TableBuilder includeObject(IncludeObject mode) {
        this.includeObject = Objects.requireNonNull(mode, "includeObject");
        return this;
    }

    /**
     * Leaves the column definitions out ("columnDefinitions": null). Upstream does this for every
     * watch event after the first one of a watch.
     */
    public TableBuilder noHeaders(boolean value) {
        this.noHeaders = value;
        return this;
    }

    /**
     * The meta.k8s.io version the client asked for ("v1" or "v1beta1"); sets the apiVersion of
     * the Table and of the PartialObjectMetadata rows.
     */
    public TableBuilder metaVersion(String metaVersion) {
        if (!"v1".equals(metaVersion) && !"v1beta1".equals(metaVersion)) {
            throw new TableException("no Table exists in group version meta.k8s.io/" + metaVersion);
        }
        this.version = metaVersion;
        return this;
    }

    /** The list's metadata, copied to the Table's (empty strings and a null count are left out). */
    public TableBuilder listMeta(String resourceVersion, String continueToken, Long remainingItemCount) {
        this.resourceVersion = resourceVersion == null ? "" : resourceVersion;
        this.continueToken = continueToken == null ? "" : continueToken;
        this.remainingItemCount = remainingItemCount;
        return this;
    }

    /** The clock that ages are computed against; the system UTC clock unless set. */
    public TableBuilder clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /** A Table of a list's items, in the given order (or the definition's row order, if any). */
    public ObjectNode build(List<? extends JsonNode> objects) {
        List<JsonNode> ordered = new ArrayList<>(objects);
        if (definition.rowOrder() != null) {
            ordered.sort(definition.rowOrder());
        }
        Instant now = clock.instant();
        ObjectNode table = F.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/" + version);
        ObjectNode metadata = table.putObject("metadata");
        if (!resourceVersion.isEmpty()) {
            metadata.put("resourceVersion", resourceVersion);
        }
        if (!continueToken.isEmpty()) {
            metadata.put("continue", continueToken);
        }
        if (remainingItemCount != null) {
            metadata.put("remainingItemCount", remainingItemCount.longValue());
        }
        if (noHeaders) {
            table.putNull("columnDefinitions");
        } else {
            ArrayNode defs = table.putArray("columnDefinitions");
            definition.columns().forEach(c -> defs.add(c.toJson()));
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : ordered) {
            rows.add(row(object, now));
        }
        return table;
    }

    /**
     * A Table of one object (a GET of a single resource): one row, and the object's own
     * resourceVersion as the Table's, as upstream does.
     */
    public ObjectNode buildSingle(JsonNode object) {
        String rv = Fields.str(object, "metadata", "resourceVersion");
        return listMeta(rv, "", null).build(List.of(object));
    }

    private ObjectNode row(JsonNode object, Instant now) {
        ObjectNode row = F.objectNode();
        ArrayNode cells = row.putArray("cells");
        for (TableColumn column : definition.columns()) {
            Object value;
            try {
                value = column.cell().apply(object, now);
            } catch (RuntimeException e) {
                throw new TableException("cannot compute column \"" + column.name() + "\" for "
                        + describe(object) + ": " + e.getMessage(), e);
            }
            cells.add(toJson(value));
        }
        List<RowCondition> conditions = definition.rowConditions().apply(object);
        if (conditions != null && !conditions.isEmpty()) {
            ArrayNode conds = row.putArray("conditions");
            conditions.forEach(c -> conds.add(c.toJson()));
        }
        switch (includeObject) {
            case NONE -> row.putNull("object");
            case OBJECT -> row.set("object", object);
            case METADATA -> {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/" + version);
                JsonNode metadata = object.path("metadata");
                partial.set("metadata", metadata.isObject() ? metadata : F.objectNode());
            }
            default -> throw new IllegalStateException(includeObject.name());
        }
        return row;
    }

    private static String describe(JsonNode object) {
        String ns = Fields.str(object, "metadata", "namespace");
        String name = Fields.str(object, "metadata", "name");
        String kind = Fields.str(object, "kind");
        return (kind.isEmpty() ? "object" : kind) + " " + (ns.isEmpty() ? name : ns + "/" + name);
    }

    /** A cell as JSON; integral doubles are written as integers, as Go's encoder does. */
    static JsonNode toJson(Object value) {
        if (value == null) {
            return F.nullNode();
        } else if (value instanceof JsonNode node) {
            return node;
        } else if (value instanceof String s) {
            return F.stringNode(s);
        } else if (value instanceof Long l) {
            return F.numberNode(l);
        } else if (value instanceof Integer i) {
            return F.numberNode(i.longValue());
        } else if (value instanceof Boolean b) {
            return F.booleanNode(b);
        } else if (value instanceof Double d) {
            if (!d.isNaN() && !d.isInfinite() && d == Math.rint(d) && Math.abs(d) < 1e21) {
                return F.numberNode(BigDecimal.valueOf(d).toBigIntegerExact());
            }
            return F.numberNode(d);
        }
        throw new TableException("unsupported cell value of type " + value.getClass().getName());
    }
}
