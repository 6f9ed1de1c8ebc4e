package dev.jube.controllers.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pod-template-hash of a Deployment's template, as upstream builds it: a 32-bit FNV-1a over
 * the template (then, if set, the collision count as 8 little-endian bytes), printed in decimal
 * and re-spelled with the consonant-and-digit alphabet so it never forms words. The template is
 * fed in as canonical JSON (sorted keys, no nulls or empty values) where upstream feeds Go's
 * struct dump, so the digits differ from upstream's for the same template, but equal templates
 * hash equal and the collision count moves the hash the same way.
 */
public final class PodTemplateHash {

    public static final String LABEL = "pod-template-hash";
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PodTemplateHash() {}

    public static String compute(PodTemplateSpec template, Integer collisionCount) {
        byte[] probe = new byte[0];
        if (collisionCount != null) {
            int c = collisionCount;
            probe = new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), 0, 0, 0, 0};
        }
        return encodedFnv(canonical(template).getBytes(StandardCharsets.UTF_8), probe);
    }

    /**
     * A 32-bit FNV-1a over {@code parts} in order, printed in decimal and safe-encoded: the hash
     * pod templates and controller revisions share.
     */
    public static String encodedFnv(byte[]... parts) {
        int hash = 0x811c9dc5;
        for (byte[] part : parts) {
            for (byte b : part) {
                hash = fnv(hash, b);
            }
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    /** Any API value as canonical JSON: sorted keys, no nulls or empty values. */
    public static String canonicalJson(Object value) {
        JsonNode tree = MAPPER.readTree(SERIALIZATION.asJson(value));
        StringBuilder out = new StringBuilder();
        write(tree, out);
        return out.toString();
    }

    private static int fnv(int hash, byte b) {
        return (hash ^ (b & 0xff)) * 0x01000193;
    }

    /** Upstream's SafeEncodeString: each character mapped into an alphabet without vowels. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append(ALPHANUMS.charAt((b & 0xff) % ALPHANUMS.length()));
        }
        return out.toString();
    }

    /** Whether two templates are equal once the pod-template-hash label is ignored. */
    public static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return canonical(withoutHash(a)).equals(canonical(withoutHash(b)));
    }

    /** A copy of {@code template} without the pod-template-hash label. */
    public static PodTemplateSpec withoutHash(PodTemplateSpec template) {
        PodTemplateSpec copy = SERIALIZATION.clone(template == null ? new PodTemplateSpec() : template);
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            Map<String, String> labels = new java.util.LinkedHashMap<>(copy.getMetadata().getLabels());
            labels.remove(LABEL);
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }

    static String canonical(PodTemplateSpec template) {
        return canonicalJson(template == null ? new PodTemplateSpec() : template);
    }

    private static boolean isEmpty(JsonNode n) {
        return n == null || n.isNull() || (n.isContainer() && n.isEmpty()) || (n.isString() && n.asString().isEmpty());
    }

    private static void write(JsonNode n, StringBuilder out) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>(((ObjectNode) n).propertyNames());
            names.sort(null);
            out.append('{');
            boolean first = true;
            for (String name : names) {
                JsonNode v = n.get(name);
                if (isEmpty(v)) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(MAPPER.writeValueAsString(name)).append(':');
                write(v, out);
            }
            out.append('}');
        } else if (n.isArray()) {
            out.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(n.get(i), out);
            }
            out.append(']');
        } else {
            out.append(MAPPER.writeValueAsString(n));
        }
    }
}
