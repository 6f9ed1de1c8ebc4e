package dev.jube.api.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Tables of custom resources, from a CustomResourceDefinition version's
 * {@code additionalPrinterColumns}: NAME first, then one column per entry, its cell found by the
 * entry's JSONPath and typed as upstream's apiextensions server does. A version without printer
 * columns gets a single AGE column.
 */
public final class CustomTables {

    private CustomTables() {
    }

    /**
     * The columns for one CRD version.
     *
     * @param additionalPrinterColumns the version's additionalPrinterColumns array; null,
     *                                 missing or empty gives NAME and AGE
     * @throws TableException naming the entry when one lacks a name or jsonPath, or its JSONPath
     *                        does not parse
     */
    public static List<TableColumn> columns(JsonNode additionalPrinterColumns) {
        List<TableColumn> columns = new ArrayList<>();
        columns.add(TableColumn.nameColumn());
        if (additionalPrinterColumns == null || !additionalPrinterColumns.isArray()
                || additionalPrinterColumns.isEmpty()) {
            columns.add(column("Age", "date", "", TableColumn.AGE_DESCRIPTION, 0, ".metadata.creationTimestamp"));
            return List.copyOf(columns);
        }
        int i = 0;
        for (JsonNode def : additionalPrinterColumns) {
            String where = "additionalPrinterColumns[" + i++ + "]";
            if (!def.path("name").isString() || def.path("name").stringValue().isEmpty()) {
                throw new TableException(where + ": name is required");
            }
            if (!def.path("jsonPath").isString() || def.path("jsonPath").stringValue().isEmpty()) {
                throw new TableException(where + " (" + def.path("name").stringValue() + "): jsonPath is required");
            }
            columns.add(column(def.path("name").stringValue(), def.path("type").asString(""),
                    def.path("format").asString(""), def.path("description").asString(""),
                    def.path("priority").asInt(0), def.path("jsonPath").stringValue()));
        }
        return List.copyOf(columns);
    }

    /** {@link #columns} as a table definition. */
    public static TableDefinition definition(JsonNode additionalPrinterColumns) {
        return TableDefinition.of(columns(additionalPrinterColumns));
    }

    /**
     * One printer column.
     *
     * @param type "string", "integer", "number", "boolean" or "date"; a cell whose value does
     *             not fit the type is null (an empty cell), as upstream
     * @throws TableException when the JSONPath does not parse
     */
    public static TableColumn column(String name, String type, String format, String description, int priority,
                                     String jsonPath) {
        JsonPath path;
        try {
            path = JsonPath.parse(jsonPath);
        } catch (TableException e) {
            throw new TableException("unrecognized column definition \"" + jsonPath + "\": " + e.getMessage(), e);
        }
        String desc = description == null || description.isEmpty()
                ? "Custom resource definition column (in JSONPath format): " + jsonPath : description;
        return new TableColumn(name, type, format, desc, priority, (o, now) -> {
            List<JsonNode> results = path.find(o);
            if (results.isEmpty()) {
                return null;
            }
            JsonNode value = results.get(0);
            return "string".equals(type) ? GoText.print(value) : typedCell(type, value, now);
        });
    }

    /** A non-string cell: the value if it has the column's type, else null. */
    static Object typedCell(String type, JsonNode value, Instant now) {
        if (value == null || value.isNull()) {
            return null;
        }
        switch (type) {
            case "integer" -> {
                if (value.isNumber()) {
                    Long l = GoText.asInt64(value);
                    return l != null ? l : (long) value.doubleValue();
                }
            }
            case "number" -> {
                if (value.isNumber()) {
                    return value.doubleValue();
                }
            }
            case "boolean" -> {
                if (value.isBoolean()) {
                    return value.booleanValue();
                }
            }
            case "date" -> {
                if (value.isString()) {
                    String text = value.stringValue();
                    if (text.isEmpty() || "null".equals(text)) {
                        return Formats.UNKNOWN;
                    }
                    Instant t = Fields.parseTime(text);
                    return t == null ? "<invalid>" : Durations.since(t, now);
                }
            }
            default -> {
            }
        }
        return null;
    }
}
