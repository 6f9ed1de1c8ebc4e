package dev.jube.api.table;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Computes one cell of a table row from an object. Ages depend on the time of the request, so
 * the function receives "now" rather than reading a clock itself.
 *
 * <p>A cell is a {@link String}, {@link Long}, {@link Integer}, {@link Boolean}, {@link Double},
 * a {@link JsonNode} (written as is) or {@code null} (written as JSON null).
 */
@FunctionalInterface
public interface CellFunction {

    Object apply(JsonNode object, Instant now);
}
