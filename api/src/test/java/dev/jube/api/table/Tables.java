package dev.jube.api.table;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Shared fixtures: a fixed clock, JSON parsing and cell extraction. */
final class Tables {

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Creation time used by most fixtures: 74 hours before NOW, printed "3d2h". */
    static final String CREATED = "2024-04-28T10:00:00Z";
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Tables() {
    }

    static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    /** NOW minus the given seconds, as RFC3339 text. */
    static String ago(long seconds) {
        return NOW.minusSeconds(seconds).toString();
    }

    static TableDefinition table(String group, String resource) {
        return BuiltinTables.definition(group, resource)
                .orElseThrow(() -> new AssertionError("no table for " + group + "/" + resource));
    }

    /** The cells of the single row the built-in table of the resource gives for the object. */
    static List<Object> cells(String group, String resource, JsonNode object) {
        return cells(table(group, resource), object);
    }

    static List<Object> cells(TableDefinition definition, JsonNode object) {
        ObjectNode table = TableBuilder.of(definition).clock(CLOCK).build(List.of(object));
        List<Object> out = new ArrayList<>();
        for (JsonNode cell : table.get("rows").get(0).get("cells")) {
            out.add(plain(cell));
        }
        return out;
    }

    /** Column names with their priority, e.g. "Name:0", "IP:1". */
    static List<String> header(String group, String resource) {
        List<String> out = new ArrayList<>();
        table(group, resource).columns().forEach(c -> out.add(c.name() + ":" + c.priority()));
        return out;
    }

    static Object plain(JsonNode cell) {
        if (cell.isNull()) {
            return null;
        } else if (cell.isString()) {
            return cell.stringValue();
        } else if (cell.isIntegralNumber()) {
            return cell.longValue();
        } else if (cell.isBoolean()) {
            return cell.booleanValue();
        } else if (cell.isNumber()) {
            return cell.doubleValue();
        }
        return cell;
    }
}
