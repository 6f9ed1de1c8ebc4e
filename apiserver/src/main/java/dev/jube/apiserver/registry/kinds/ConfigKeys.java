package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.api.validation.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Keys of ConfigMap and Secret data: what may name a file in a volume. */
final class ConfigKeys {

    static final int MAX_TOTAL_BYTES = 1024 * 1024;

    private ConfigKeys() {}

    static List<String> problems(String key) {
        List<String> errs = new ArrayList<>();
        if (key.length() > Names.DNS1123_SUBDOMAIN_MAX_LENGTH) {
            errs.add(Names.maxLenError(Names.DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        if (!key.matches("[-._a-zA-Z0-9]+")) {
            errs.add(Names.regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"));
        }
        if (key.equals(".")) {
            errs.add("must not be '.'");
        } else if (key.equals("..")) {
            errs.add("must not be '..'");
        } else if (key.startsWith("..")) {
            errs.add("must not start with '..'");
        }
        return errs;
    }

    /** Validates the keys of a data map; returns the number of payload bytes it holds. */
    static long validate(JsonNode map, String path, boolean base64, List<FieldError> errors) {
        long total = 0;
        if (map == null || !map.isObject()) {
            return 0;
        }
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            for (String msg : problems(e.getKey())) {
                errors.add(FieldError.invalid(path + "[" + e.getKey() + "]", e.getKey(), msg));
            }
            String v = e.getValue().isNull() ? "" : e.getValue().asString();
            total += base64 ? v.length() / 4 * 3 : v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return total;
    }
}
