package dev.jube.apiserver.endpoints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A parsed media type such as {@code application/json;as=Table;v=v1;g=meta.k8s.io}. */
public record MediaType(String type, Map<String, String> params) {

    public static MediaType parse(String value) {
        String[] parts = value.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq > 0) {
                params.put(p.substring(0, eq).strip().toLowerCase(Locale.ROOT), unquote(p.substring(eq + 1).strip()));
            }
        }
        return new MediaType(type, params);
    }

    /** The media types of an Accept header, in the client's order; empty header means any. */
    public static List<MediaType> parseAccept(String header) {
        List<MediaType> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            out.add(new MediaType("*/*", Map.of()));
            return out;
        }
        for (String part : header.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return out;
    }

    public String param(String name) {
        return params.get(name);
    }

    /** Whether this (accepted) type lets us answer with JSON. Protobuf falls back to JSON. */
    public boolean acceptsJson() {
        return type.equals("application/json") || type.equals("*/*") || type.equals("application/*")
                || type.equals("application/vnd.kubernetes.protobuf");
    }

    public boolean isYaml() {
        return type.equals("application/yaml");
    }

    /** The conversion asked for with {@code as=}, e.g. Table; null for the object itself. */
    public String as() {
        return params.get("as");
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
