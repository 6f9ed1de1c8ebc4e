package dev.jube.kubelet.model;

import dev.jube.api.Quantity;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * JSON as plain trees (maps, lists, strings, longs, doubles, booleans), read and written with
 * Jackson's streaming parser alone: no data binding, so no per-class introspection.
 */
public final class Json {

    private static final JsonFactory JSON = new JsonFactory();

    private Json() {}

    public static Object parse(String text) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text)) {
            return document(p);
        }
    }

    public static Object parse(byte[] bytes) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), bytes)) {
            return document(p);
        }
    }

    /** One JSON document from the stream; null at its end. The stream is left open after it. */
    public static Object parse(JsonParser p) {
        JsonToken t = p.nextToken();
        return t == null ? null : value(p, t);
    }

    /** A parser over a stream of concatenated or newline-separated documents, such as a watch. */
    public static JsonParser parser(InputStream in) {
        return JSON.createParser(ObjectReadContext.empty(), in);
    }

    /** A JSON object, or an {@link IllegalArgumentException} saying what came instead. */
    public static Map<String, Object> parseObject(String text) {
        return object(parse(text));
    }

    public static Map<String, Object> parseObject(byte[] bytes) {
        return object(parse(bytes));
    }

    /** A YAML (or JSON) document that must be an object, such as a static pod's manifest. */
    public static Map<String, Object> parseYamlObject(String text) {
        try (JsonParser p = Yaml.FACTORY.createParser(ObjectReadContext.empty(), text)) {
            return object(document(p));
        }
    }

    /** Loaded with the first manifest: most agents never read YAML. */
    private static final class Yaml {
        static final TokenStreamFactory FACTORY = YAMLFactory.builder().build();
    }

    public static String write(Object value) {
        return new String(writeBytes(value), StandardCharsets.UTF_8);
    }

    public static byte[] writeBytes(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            write(g, tree(value));
        }
        return out.toByteArray();
    }

    /** The plain tree of a value: views become their maps, numbers longs or doubles, quantities strings. */
    public static Object tree(Object value) {
        return switch (value) {
            case null -> null;
            case JsonView v -> v.json();
            case IntOrString v -> v.value();
            case Quantity q -> q.toString();
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(k.toString(), tree(v)));
                yield out;
            }
            case Collection<?> c -> {
                List<Object> out = new ArrayList<>(c.size());
                c.forEach(v -> out.add(tree(v)));
                yield out;
            }
            default -> value;
        };
    }

    private static Map<String, Object> object(Object parsed) {
        if (parsed instanceof Map<?, ?> m) {
            return JsonView.cast(m);
        }
        throw new IllegalArgumentException("expected a JSON object, got " + (parsed == null ? "nothing"
                : parsed instanceof List<?> ? "an array" : "a " + parsed.getClass().getSimpleName().toLowerCase()));
    }

    private static Object document(JsonParser p) {
        JsonToken t = p.nextToken();
        if (t == null) {
            return null;
        }
        Object v = value(p, t);
        if (p.nextToken() != null) {
            throw new IllegalArgumentException("more than one JSON value in the document");
        }
        return v;
    }

    private static Object value(JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    l.add(value(p, n));
                }
                yield l;
            }
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> switch (p.getNumberValue()) {
                case BigInteger big -> big;
                case Number n -> n.longValue();
            };
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected JSON token " + t);
        };
    }

    private static void write(JsonGenerator g, Object v) {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeName(e.getKey().toString());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object o : l) {
                    write(g, o);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Long n -> g.writeNumber(n);
            case Double d -> g.writeNumber(d);
            case BigInteger b -> g.writeNumber(b);
            case BigDecimal b -> g.writeNumber(b);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(v.toString());
        }
    }
}
