package dev.jube.api.table;

import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One column of a meta.k8s.io/v1 Table: its definition as sent to clients and the function that
 * computes its cell.
 *
 * @param name        human readable name; kubectl prints it upper-cased ("Up-to-date" -> UP-TO-DATE)
 * @param type        OpenAPI type: "string", "integer", "number", "boolean" or "date"
 * @param format      OpenAPI format modifier; "name" marks the column holding the object's name
 * @param description human readable description
 * @param priority    0 for a column kubectl always prints, 1 or more for one printed only with -o wide
 * @param cell        computes the cell from the object
 */
public record TableColumn(String name, String type, String format, String description, int priority,
                          CellFunction cell) {

    /** Description of the column holding metadata.name. */
    public static final String NAME_DESCRIPTION = "Name must be unique within a namespace; "
            + "the name the object was created with. Cannot be updated.";
    /** Description of the column holding the object's age. */
    public static final String AGE_DESCRIPTION = "CreationTimestamp is the server time, in UTC "
            + "and RFC3339 form, at which the object was created. Set by the system; read-only.";

    public TableColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        format = format == null ? "" : format;
        description = description == null ? "" : description;
        Objects.requireNonNull(cell, "cell");
        if (priority < 0) {
            throw new IllegalArgumentException("column " + name + ": priority must be >= 0, got " + priority);
        }
    }

    /** A priority-0 column without format. */
    public static TableColumn of(String name, String type, String description, CellFunction cell) {
        return new TableColumn(name, type, "", description, 0, cell);
    }

    /** A priority-1 column (shown only with -o wide). */
    public static TableColumn wide(String name, String type, String description, CellFunction cell) {
        return new TableColumn(name, type, "", description, 1, cell);
    }

    /** The usual first column: "Name", format "name", cell metadata.name. */
    public static TableColumn nameColumn() {
        return new TableColumn("Name", "string", "name", NAME_DESCRIPTION, 0,
                (o, now) -> Fields.str(o, "metadata", "name"));
    }

    /** The usual "Age" column of built-in kinds: a string cell such as "5m" (upstream's HumanDuration). */
    public static TableColumn ageColumn() {
        return new TableColumn("Age", "string", "", AGE_DESCRIPTION, 0,
                (o, now) -> Durations.since(Fields.time(o, "metadata", "creationTimestamp"), now));
    }

    /** This column with another priority. */
    public TableColumn withPriority(int newPriority) {
        return new TableColumn(name, type, format, description, newPriority, cell);
    }

    /** The column definition as it appears in a Table's columnDefinitions (all five fields, always). */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", name);
        n.put("type", type);
        n.put("format", format);
        n.put("description", description);
        n.put("priority", priority);
        return n;
    }
}
