package dev.jube.apiserver.registry;

import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * One column of {@code kubectl get} output (a meta.k8s.io Table column). {@code cell} computes
 * the value from the object: a String, Number or Boolean. Priority 0 columns are shown by default,
 * higher ones with {@code -o wide}.
 */
public record TableColumn(String name, String type, String format, String description, int priority,
                          Function<ObjectNode, Object> cell) {

    public static TableColumn string(String name, String description, Function<ObjectNode, Object> cell) {
        return new TableColumn(name, "string", "", description, 0, cell);
    }

    public static TableColumn integer(String name, String description, Function<ObjectNode, Object> cell) {
        return new TableColumn(name, "integer", "", description, 0, cell);
    }

    public TableColumn wide() {
        return new TableColumn(name, type, format, description, 1, cell);
    }

    public static final String NAME = "Name";
    public static final String AGE = "Age";
}
