package dev.jube.apiserver.registry.kinds;

import dev.jube.api.validation.FieldError;
import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.registry.GenericStrategy;
import dev.jube.apiserver.registry.ResourceDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets: type Opaque by default, stringData folded into data, the required keys of the standard
 * types, valid keys, at most 1 MiB; type is fixed and the data is frozen when immutable.
 */
public final class SecretStrategy extends GenericStrategy {

    static final String SA_NAME_ANNOTATION = "kubernetes.io/service-account.name";

    @Override
    public void prepareForCreate(ResourceDescriptor d, ObjectNode obj) {
        super.prepareForCreate(d, obj);
        Fields.defaultString(obj, "type", "Opaque");
        foldStringData(obj);
    }

    @Override
    public void prepareForUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(d, obj, old);
        Fields.defaultString(obj, "type", "Opaque");
        foldStringData(obj);
    }

    /** stringData is write-only: its entries go to data, base64 encoded, overriding data's. */
    static void foldStringData(ObjectNode obj) {
        JsonNode stringData = obj.remove("stringData");
        if (stringData instanceof ObjectNode sd && !sd.isEmpty()) {
            ObjectNode data = Fields.child(obj, "data");
            for (Map.Entry<String, JsonNode> e : sd.properties()) {
                String v = e.getValue().isNull() ? "" : e.getValue().asString();
                data.put(e.getKey(), Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Override
    public List<FieldError> validate(ResourceDescriptor d, ObjectNode obj) {
        List<FieldError> errors = super.validate(d, obj);
        JsonNode data = obj.get("data");
        long total = ConfigKeys.validate(data, "data", true, errors);
        if (data != null && data.isObject()) {
            for (Map.Entry<String, JsonNode> e : data.properties()) {
                if (!e.getValue().isNull() && decode(e.getValue().asString()) == null) {
                    errors.add(FieldError.invalid("data[" + e.getKey() + "]", "<secret contents redacted>",
                            "illegal base64 data"));
                }
            }
        }
        if (total > ConfigKeys.MAX_TOTAL_BYTES) {
            errors.add(new FieldError(FieldError.Type.TOO_LONG, "data", "", "must have at most 1048576 bytes"));
        }
        switch (Fields.string(obj, "type")) {
            case "kubernetes.io/service-account-token" -> {
                if (Fields.string(obj.path("metadata").path("annotations"), SA_NAME_ANNOTATION).isEmpty()) {
                    errors.add(FieldError.required("metadata.annotations[" + SA_NAME_ANNOTATION + "]", ""));
                }
            }
            case "kubernetes.io/dockercfg" -> requireJsonKey(data, ".dockercfg", errors);
            case "kubernetes.io/dockerconfigjson" -> requireJsonKey(data, ".dockerconfigjson", errors);
            case "kubernetes.io/basic-auth" -> {
                if (!has(data, "username") && !has(data, "password")) {
                    errors.add(FieldError.required("data[username]", ""));
                    errors.add(FieldError.required("data[password]", ""));
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (!has(data, "ssh-privatekey")) {
                    errors.add(FieldError.required("data[ssh-privatekey]", ""));
                }
            }
            case "kubernetes.io/tls" -> {
                if (!has(data, "tls.crt")) {
                    errors.add(FieldError.required("data[tls.crt]", ""));
                }
                if (!has(data, "tls.key")) {
                    errors.add(FieldError.required("data[tls.key]", ""));
                }
            }
            default -> { }
        }
        return errors;
    }

    private static boolean has(JsonNode data, String key) {
        return data != null && data.has(key) && !data.get(key).isNull();
    }

    private static void requireJsonKey(JsonNode data, String key, List<FieldError> errors) {
        if (!has(data, key)) {
            errors.add(FieldError.required("data[" + key + "]", ""));
            return;
        }
        byte[] raw = decode(data.get(key).asString());
        if (raw == null) {
            return;
        }
        try {
            Json.parse(raw);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? "invalid JSON" : e.getMessage().lines().findFirst().orElse("");
            errors.add(FieldError.invalid("data[" + key + "]", "<secret contents redacted>", why));
        }
    }

    private static byte[] decode(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public List<FieldError> validateUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old) {
        List<FieldError> errors = validate(d, obj);
        String type = Fields.string(obj, "type");
        if (!type.equals(Fields.string(old, "type"))) {
            errors.add(FieldError.invalid("type", type, "field is immutable"));
        }
        ConfigMapStrategy.immutability(obj, old, new String[] {"data"}, errors);
        return errors;
    }
}
