package dev.jube.api.table;

import static dev.jube.api.table.Tables.CLOCK;
import static dev.jube.api.table.Tables.CREATED;
import static dev.jube.api.table.Tables.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON shape of a meta.k8s.io Table and the includeObject modes. */
class TableBuilderTest {

    private static final JsonNode POD = json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-0\","
            + "\"namespace\":\"default\",\"uid\":\"6f0c\",\"resourceVersion\":\"41\",\"creationTimestamp\":\""
            + CREATED + "\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"nginx\","
            + "\"image\":\"nginx\"}]},\"status\":{\"phase\":\"Succeeded\"}}");

    private static final List<TableColumn> NAME_AND_AGE = List.of(TableColumn.nameColumn(), TableColumn.ageColumn());

    @Test
    void listTableWithMetadataRows() {
        ObjectNode table = TableBuilder.of(NAME_AND_AGE).clock(CLOCK).listMeta("42", "token", 7L).build(List.of(POD));
        assertThat(json(table.toString())).isEqualTo(json("""
                {"kind":"Table","apiVersion":"meta.k8s.io/v1",
                 "metadata":{"resourceVersion":"42","continue":"token","remainingItemCount":7},
                 "columnDefinitions":[
                   {"name":"Name","type":"string","format":"name","description":"%s","priority":0},
                   {"name":"Age","type":"string","format":"","description":"%s","priority":0}],
                 "rows":[{"cells":["web-0","3d2h"],
                          "object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1",
                                    "metadata":{"name":"web-0","namespace":"default","uid":"6f0c",
                                                "resourceVersion":"41","creationTimestamp":"%s",
                                                "labels":{"app":"web"}}}}]}
                """.formatted(TableColumn.NAME_DESCRIPTION, TableColumn.AGE_DESCRIPTION, CREATED)));
        // kind first, as upstream writes it
        assertThat(table.propertyNames().iterator().next()).isEqualTo("kind");
    }

    @Test
    void includeObjectNoneLeavesANullObject() {
        ObjectNode table = TableBuilder.build(List.of(POD), NAME_AND_AGE, IncludeObject.NONE, CLOCK);
        JsonNode row = table.get("rows").get(0);
        assertThat(row.has("object")).isTrue();
        assertThat(row.get("object").isNull()).isTrue();
    }

    @Test
    void includeObjectObjectEmbedsTheWholeObject() {
        ObjectNode table = TableBuilder.build(List.of(POD), NAME_AND_AGE, IncludeObject.OBJECT, CLOCK);
        assertThat(table.get("rows").get(0).get("object")).isEqualTo(POD);
    }

    @Test
    void includeObjectParsesQueryValues() {
        assertThat(IncludeObject.parse(null)).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.parse("")).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.parse("Metadata")).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.parse("Object")).isEqualTo(IncludeObject.OBJECT);
        assertThat(IncludeObject.parse("None")).isEqualTo(IncludeObject.NONE);
        assertThatThrownBy(() -> IncludeObject.parse("object"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unable to convert to Table as requested: includeObject: Invalid value: \"object\": "
                        + "must be 'Metadata', 'Object', 'None', or empty");
    }

    @Test
    void emptyListAndNoHeaders() {
        ObjectNode empty = TableBuilder.of(NAME_AND_AGE).clock(CLOCK).build(List.of());
        assertThat(empty.get("rows").isArray()).isTrue();
        assertThat(empty.get("rows")).isEmpty();
        assertThat(empty.get("metadata")).isEmpty();
        ObjectNode watchEvent = TableBuilder.of(NAME_AND_AGE).clock(CLOCK).noHeaders(true).build(List.of(POD));
        assertThat(watchEvent.get("columnDefinitions").isNull()).isTrue();
        assertThat(watchEvent.get("rows")).hasSize(1);
    }

    @Test
    void v1beta1TablesAndPartialObjects() {
        ObjectNode table = TableBuilder.of(NAME_AND_AGE).metaVersion("v1beta1").clock(CLOCK).build(List.of(POD));
        assertThat(table.get("apiVersion").stringValue()).isEqualTo("meta.k8s.io/v1beta1");
        assertThat(table.at("/rows/0/object/apiVersion").stringValue()).isEqualTo("meta.k8s.io/v1beta1");
        assertThatThrownBy(() -> TableBuilder.of(NAME_AND_AGE).metaVersion("v2"))
                .hasMessage("no Table exists in group version meta.k8s.io/v2");
    }

    @Test
    void singleObjectTableTakesTheObjectsResourceVersion() {
        ObjectNode table = TableBuilder.of(NAME_AND_AGE).clock(CLOCK).buildSingle(POD);
        assertThat(table.at("/metadata/resourceVersion").stringValue()).isEqualTo("41");
        assertThat(table.get("rows")).hasSize(1);
    }

    @Test
    void podRowsCarryCompletedConditions() {
        ObjectNode table = TableBuilder.of(Tables.table("", "pods")).clock(CLOCK).build(List.of(POD));
        JsonNode row = table.get("rows").get(0);
        assertThat(row.get("conditions")).isEqualTo(json("[{\"type\":\"Completed\",\"status\":\"True\","
                + "\"reason\":\"Succeeded\",\"message\":\"The pod has completed successfully.\"}]"));
        assertThat(row.get("cells")).hasSize(9);
        assertThat(table.get("columnDefinitions")).hasSize(9);
        ObjectNode running = TableBuilder.of(Tables.table("", "pods")).clock(CLOCK)
                .build(List.of(json("{\"metadata\":{\"name\":\"r\"},\"status\":{\"phase\":\"Running\"}}")));
        assertThat(running.get("rows").get(0).has("conditions")).isFalse();
    }

    @Test
    void integralDoublesAreWrittenAsIntegers() {
        assertThat(TableBuilder.toJson(3.0).toString()).isEqualTo("3");
        assertThat(TableBuilder.toJson(1.5).toString()).isEqualTo("1.5");
        assertThat(TableBuilder.toJson(7).toString()).isEqualTo("7");
        assertThat(TableBuilder.toJson(null).isNull()).isTrue();
        assertThatThrownBy(() -> TableBuilder.toJson(new Object())).isInstanceOf(TableException.class);
    }

    @Test
    void failingCellNamesTheColumnAndObject() {
        TableColumn broken = TableColumn.of("Broken", "string", "", (o, now) -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> TableBuilder.of(List.of(TableColumn.nameColumn(), broken)).build(List.of(POD)))
                .isInstanceOf(TableException.class)
                .hasMessage("cannot compute column \"Broken\" for Pod default/web-0: boom");
    }

    @Test
    void flowSchemasAreSortedByPrecedenceThenName() {
        List<JsonNode> schemas = List.of(
                json("{\"metadata\":{\"name\":\"global-default\"},\"spec\":{\"matchingPrecedence\":9900}}"),
                json("{\"metadata\":{\"name\":\"exempt\"},\"spec\":{\"matchingPrecedence\":1}}"),
                json("{\"metadata\":{\"name\":\"b\"},\"spec\":{\"matchingPrecedence\":500}}"),
                json("{\"metadata\":{\"name\":\"a\"},\"spec\":{\"matchingPrecedence\":500}}"));
        ObjectNode table = TableBuilder.of(Tables.table("flowcontrol.apiserver.k8s.io", "flowschemas"))
                .clock(CLOCK).build(schemas);
        assertThat(table.get("rows")).extracting(r -> r.get("cells").get(0).stringValue())
                .containsExactly("exempt", "a", "b", "global-default");
    }

    @Test
    void defaultTableShowsCreationTimeInUtc() {
        JsonNode role = json("{\"metadata\":{\"name\":\"r\",\"creationTimestamp\":\"2024-04-28T12:00:00.5+02:00\"}}");
        assertThat(Tables.cells(DefaultTable.definition(), role)).containsExactly("r", "2024-04-28T10:00:00Z");
        assertThat(Tables.cells(DefaultTable.definition(), json("{\"metadata\":{\"name\":\"x\"}}")))
                .containsExactly("x", "0001-01-01T00:00:00Z");
    }

    @Test
    void columnRecordRejectsNegativePriority() {
        assertThatThrownBy(() -> TableColumn.nameColumn().withPriority(-1))
                .hasMessage("column Name: priority must be >= 0, got -1");
    }
}
