package dev.jube.api.table;

import static dev.jube.api.table.Tables.CREATED;
import static dev.jube.api.table.Tables.ago;
import static dev.jube.api.table.Tables.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Custom resource tables from additionalPrinterColumns, with upstream's cell typing. */
class CustomTablesTest {

    private static final JsonNode CRONTAB = json("""
            {"apiVersion":"stable.example.com/v1","kind":"CronTab",
             "metadata":{"name":"my-crontab","creationTimestamp":"%s","labels":{"b":"<2>","a":"x&y"}},
             "spec":{"cronSpec":"* * * * */5","image":"my-cron-image","replicas":3,"ratio":0.25,"big":1.0,
                     "enabled":true,"tags":["a","b"],"lastRun":"%s","broken":"yesterday","empty":"","none":null},
             "status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}
            """.formatted(CREATED, ago(300)));

    private static List<Object> cells(String columnsJson) {
        return Tables.cells(CustomTables.definition(json(columnsJson)), CRONTAB);
    }

    private static String col(String name, String type, String path) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"jsonPath\":\"" + path + "\"}";
    }

    @Test
    void withoutPrinterColumnsNameAndAge() {
        List<TableColumn> columns = CustomTables.columns(null);
        assertThat(columns).extracting(TableColumn::name, TableColumn::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Name", "string"),
                        org.assertj.core.groups.Tuple.tuple("Age", "date"));
        assertThat(Tables.cells(TableDefinition.of(columns), CRONTAB)).containsExactly("my-crontab", "3d2h");
        assertThat(CustomTables.columns(json("[]"))).hasSize(2);
    }

    @Test
    void typicalPrinterColumns() {
        JsonNode apc = json("""
                [{"name":"Spec","type":"string","description":"The cron spec defining the interval a CronJob is run",
                  "jsonPath":".spec.cronSpec"},
                 {"name":"Replicas","type":"integer","jsonPath":".spec.replicas"},
                 {"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\\"Ready\\")].status"},
                 {"name":"Image","type":"string","priority":1,"jsonPath":".spec.image"},
                 {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]
                """);
        List<TableColumn> columns = CustomTables.columns(apc);
        ObjectNode table = TableBuilder.of(columns).clock(Tables.CLOCK).build(List.of(CRONTAB));
        assertThat(json(table.get("columnDefinitions").toString())).isEqualTo(json("""
                [{"name":"Name","type":"string","format":"name","description":"%s","priority":0},
                 {"name":"Spec","type":"string","format":"","description":"The cron spec defining the interval a CronJob is run","priority":0},
                 {"name":"Replicas","type":"integer","format":"","description":"Custom resource definition column (in JSONPath format): .spec.replicas","priority":0},
                 {"name":"Ready","type":"string","format":"","description":"Custom resource definition column (in JSONPath format): .status.conditions[?(@.type==\\"Ready\\")].status","priority":0},
                 {"name":"Image","type":"string","format":"","description":"Custom resource definition column (in JSONPath format): .spec.image","priority":1},
                 {"name":"Age","type":"date","format":"","description":"Custom resource definition column (in JSONPath format): .metadata.creationTimestamp","priority":0}]
                """.formatted(TableColumn.NAME_DESCRIPTION)));
        assertThat(Tables.cells(TableDefinition.of(columns), CRONTAB))
                .containsExactly("my-crontab", "* * * * */5", 3L, "True", "my-cron-image", "3d2h");
    }

    @Test
    void stringColumnsPrintAnyValueAsGoDoes() {
        assertThat(cells("[" + String.join(",",
                col("N", "string", ".spec.replicas"),
                col("R", "string", ".spec.ratio"),
                col("B", "string", ".spec.big"),
                col("E", "string", ".spec.enabled"),
                col("T", "string", ".spec.tags"),
                col("L", "string", ".metadata.labels"),
                col("Null", "string", ".spec.none"),
                col("Missing", "string", ".spec.absent")) + "]"))
                .containsExactly("my-crontab", "3", "0.25", "1", "true", "[\"a\",\"b\"]",
                        "{\"a\":\"x\\u0026y\",\"b\":\"\\u003c2\\u003e\"}", "<no value>", null);
    }

    @Test
    void typedColumnsKeepOnlyValuesOfTheirType() {
        assertThat(cells("[" + String.join(",",
                col("I", "integer", ".spec.replicas"),
                col("IFromFloat", "integer", ".spec.ratio"),
                col("IFromString", "integer", ".spec.image"),
                col("Num", "number", ".spec.ratio"),
                col("NumFromInt", "number", ".spec.replicas"),
                col("Bool", "boolean", ".spec.enabled"),
                col("BoolFromString", "boolean", ".spec.image"),
                col("Unknown", "object", ".spec.replicas"),
                col("NullInt", "integer", ".spec.none")) + "]"))
                .containsExactly("my-crontab", 3L, 0L, null, 0.25, 3L, true, null, null, null);
    }

    @Test
    void dateColumnsBecomeAges() {
        assertThat(cells("[" + String.join(",",
                col("Last", "date", ".spec.lastRun"),
                col("Broken", "date", ".spec.broken"),
                col("Empty", "date", ".spec.empty"),
                col("NotAString", "date", ".spec.replicas")) + "]"))
                .containsExactly("my-crontab", "5m", "<invalid>", "<unknown>", null);
    }

    @Test
    void invalidDefinitionsAreRejected() {
        assertThatThrownBy(() -> CustomTables.columns(json("[" + col("Bad", "string", ".spec[") + "]")))
                .isInstanceOf(TableException.class)
                .hasMessageStartingWith("unrecognized column definition \".spec[\"");
        assertThatThrownBy(() -> CustomTables.columns(json("[{\"type\":\"string\",\"jsonPath\":\".a\"}]")))
                .hasMessage("additionalPrinterColumns[0]: name is required");
        assertThatThrownBy(() -> CustomTables.columns(json("[{\"name\":\"X\",\"type\":\"string\"}]")))
                .hasMessage("additionalPrinterColumns[0] (X): jsonPath is required");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0.25, 0.25", "100000, 100000", "123456.5, 123456.5", "1000000, 1e+06", "1234567.5, 1.2345675e+06",
            "0.0001, 0.0001", "0.00001, 1e-05", "-2.5e-7, -2.5e-07", "1e21, 1e+21", "3, 3"
    })
    void floatsPrintLikeGoPercentV(double value, String expected) {
        assertThat(GoText.formatFloat(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.25, 0.25", "1000000, 1000000", "1e21, 1e+21", "1e-7, 1e-7", "0.000001, 0.000001"})
    void floatsInsideJsonPrintLikeEncodingJson(double value, String expected) {
        assertThat(GoText.formatJsonFloat(value)).isEqualTo(expected);
    }

    @Test
    void goJsonEscapesControlAndHtmlCharacters() {
        StringBuilder out = new StringBuilder();
        GoText.marshal(json("{\"z\":\"a\\tb\\u0001\\u2028\",\"k\":[1,2.5,null,false]}"), out);
        assertThat(out.toString()).isEqualTo("{\"k\":[1,2.5,null,false],\"z\":\"a\\tb\\u0001\\u2028\"}");
    }
}
