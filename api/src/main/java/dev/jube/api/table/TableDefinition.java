package dev.jube.api.table;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Everything needed to turn objects of one resource into Table rows: the columns, the row
 * conditions (only pods have some upstream) and an optional row order (upstream sorts only
 * FlowSchemas; every other resource keeps the order it was listed in).
 *
 * @param columns       the columns, all priorities; the first is usually {@link TableColumn#nameColumn()}
 * @param rowConditions conditions of the row for an object; never null (use {@link #NO_CONDITIONS})
 * @param rowOrder      order of rows, or null to keep the given order
 */
public record TableDefinition(List<TableColumn> columns,
                              Function<JsonNode, List<RowCondition>> rowConditions,
                              Comparator<JsonNode> rowOrder) {

    public static final Function<JsonNode, List<RowCondition>> NO_CONDITIONS = o -> List.of();

    public TableDefinition {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        Objects.requireNonNull(rowConditions, "rowConditions");
    }

    public static TableDefinition of(List<TableColumn> columns) {
        return new TableDefinition(columns, NO_CONDITIONS, null);
    }

    public static TableDefinition of(TableColumn... columns) {
        return of(List.of(columns));
    }

    public TableDefinition withRowConditions(Function<JsonNode, List<RowCondition>> conditions) {
        return new TableDefinition(columns, conditions, rowOrder);
    }

    public TableDefinition withRowOrder(Comparator<JsonNode> order) {
        return new TableDefinition(columns, rowConditions, order);
    }
}
