package dev.jube.apiserver.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The one JSON/YAML configuration of the API server, and small tree helpers. */
public final class Json {

    /** Builds every tree the server parses or makes: compact, since the watch cache holds one per object. */
    public static final JsonNodeFactory NODES = new CompactNodeFactory();
    public static final JsonMapper MAPPER = JsonMapper.builder().nodeFactory(NODES).build();
    public static final YAMLMapper YAML = YAMLMapper.builder().nodeFactory(NODES).build();
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Parses JSON bytes; fails with {@link JacksonException} on malformed input. */
    public static JsonNode parse(byte[] bytes) {
        return MAPPER.readTree(bytes);
    }

    public static JsonNode parseYaml(byte[] bytes) {
        return YAML.readTree(bytes);
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static String string(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    public static byte[] yamlBytes(JsonNode node) {
        return YAML.writeValueAsBytes(node);
    }

    /** The text at a path of field names, or null when absent or not a scalar. */
    public static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n == null || n.isNull() || n.isContainer() ? null : n.asString();
    }

    /** The node at a path of field names, or null. */
    public static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(p);
        }
        return n;
    }

    /** The object at {@code field}, created (replacing a non-object) when needed. */
    public static ObjectNode child(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    public static String timestamp(Instant t) {
        return RFC3339.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    public static Instant parseTimestamp(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
