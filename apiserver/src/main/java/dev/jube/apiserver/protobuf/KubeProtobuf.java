package dev.jube.apiserver.protobuf;

import dev.jube.apiserver.json.Json;
import dev.jube.apiserver.protobuf.ProtoMessage.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes {@code application/vnd.kubernetes.protobuf} request bodies into the JSON tree the
 * handlers work on. Typed Go clients (kubectl's create/secret/namespace/serviceaccount
 * generators among them) send protobuf for built-in kinds and have no JSON fallback. Only the
 * messages described in {@link #MESSAGES} are known; any other kind or field fails with a message
 * naming it, never with silently dropped data.
 */
public final class KubeProtobuf {

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
    private static final Map<String, ProtoMessage> MESSAGES = new HashMap<>();
    /** Top-level kinds (by kind name, or apiVersion/kind where versions differ) that may arrive in a protobuf envelope. */
    private static final Map<String, String> KINDS = new HashMap<>();

    static {
        def(new ProtoMessage("ObjectMeta")
                .string(1, "name").string(2, "generateName").string(3, "namespace").string(4, "selfLink")
                .string(5, "uid").string(6, "resourceVersion").integer(7, "generation", false)
                .time(8, "creationTimestamp").time(9, "deletionTimestamp")
                .integer(10, "deletionGracePeriodSeconds", true).stringMap(11, "labels").stringMap(12, "annotations")
                .messages(13, "ownerReferences", "OwnerReference").strings(14, "finalizers"));
        def(new ProtoMessage("OwnerReference")
                .string(1, "kind").string(3, "name").string(4, "uid").string(5, "apiVersion")
                .bool(6, "controller", true).bool(7, "blockOwnerDeletion", true));
        def(new ProtoMessage("ObjectReference")
                .string(1, "kind").string(2, "namespace").string(3, "name").string(4, "uid").string(5, "apiVersion")
                .string(6, "resourceVersion").string(7, "fieldPath"));
        def(new ProtoMessage("LocalObjectReference").string(1, "name"));
        def(new ProtoMessage("ConfigMap")
                .message(1, "metadata", "ObjectMeta").stringMap(2, "data").bytesMap(3, "binaryData")
                .bool(4, "immutable", true));
        def(new ProtoMessage("Secret")
                .message(1, "metadata", "ObjectMeta").bytesMap(2, "data").string(3, "type")
                .stringMap(4, "stringData").bool(5, "immutable", true));
        def(new ProtoMessage("Namespace")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "NamespaceSpec")
                .message(3, "status", "NamespaceStatus"));
        def(new ProtoMessage("NamespaceSpec").strings(1, "finalizers"));
        def(new ProtoMessage("NamespaceStatus").string(1, "phase"));
        def(new ProtoMessage("ServiceAccount")
                .message(1, "metadata", "ObjectMeta").messages(2, "secrets", "ObjectReference")
                .messages(3, "imagePullSecrets", "LocalObjectReference")
                .bool(4, "automountServiceAccountToken", true));
        def(new ProtoMessage("Preconditions").string(1, "uid").string(2, "resourceVersion"));
        def(new ProtoMessage("DeleteOptions")
                .integer(1, "gracePeriodSeconds", true).message(2, "preconditions", "Preconditions")
                .bool(3, "orphanDependents", true).string(4, "propagationPolicy").strings(5, "dryRun"));
        def(new ProtoMessage("Eviction")
                .message(1, "metadata", "ObjectMeta").message(2, "deleteOptions", "DeleteOptions"));
        def(new ProtoMessage("TokenRequest")
                .message(1, "metadata", "ObjectMeta").message(2, "spec", "TokenRequestSpec")
                .message(3, "status", "TokenRequestStatus"));
        def(new ProtoMessage("TokenRequestStatus").string(1, "token").time(2, "expirationTimestamp"));
        def(new ProtoMessage("TokenRequestSpec")
                .strings(1, "audiences").message(3, "boundObjectRef", "BoundObjectReference")
                .integer(4, "expirationSeconds", true));
        def(new ProtoMessage("BoundObjectReference")
                .string(1, "kind").string(2, "apiVersion").string(3, "name").string(4, "uid"));
        WorkloadMessages.define(KubeProtobuf::def);
        for (String kind : new String[] {"ConfigMap", "Secret", "Namespace", "ServiceAccount", "DeleteOptions",
                "Pod", "Service", "ResourceQuota", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job",
                "CronJob", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "PriorityClass",
                "PodDisruptionBudget", "Ingress", "Eviction", "TokenRequest"}) {
            KINDS.put(kind, kind);
        }
        KINDS.put("Scale", "Scale");
        KINDS.put("autoscaling/v1/HorizontalPodAutoscaler", "autoscaling/v1.HorizontalPodAutoscaler");
    }

    private KubeProtobuf() {}

    private static void def(ProtoMessage m) {
        MESSAGES.put(m.name, m);
    }

    /** Fails decoding with a message for the client. */
    public static final class ProtobufException extends RuntimeException {
        ProtobufException(String message) {
            super(message);
        }
    }

    /** Decodes an enveloped object ({@code k8s\0} + runtime.Unknown) into a JSON object tree. */
    public static ObjectNode decode(byte[] body) {
        if (body.length < 4 || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2] || body[3] != MAGIC[3]) {
            throw new ProtobufException("the protobuf body does not start with the Kubernetes envelope prefix");
        }
        ProtoReader envelope = new ProtoReader(body, 4, body.length);
        String apiVersion = "";
        String kind = "";
        byte[] raw = null;
        while (envelope.hasMore()) {
            int tag = envelope.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    ProtoReader typeMeta = envelope.message();
                    while (typeMeta.hasMore()) {
                        int t = typeMeta.tag();
                        switch (t >>> 3) {
                            case 1 -> apiVersion = typeMeta.string();
                            case 2 -> kind = typeMeta.string();
                            default -> typeMeta.skip(t);
                        }
                    }
                }
                case 2 -> raw = envelope.bytes();
                case 3, 4 -> {
                    String encoding = envelope.string();
                    if (!encoding.isEmpty() && (tag >>> 3) == 3) {
                        throw new ProtobufException("unsupported content encoding in protobuf envelope: " + encoding);
                    }
                }
                default -> envelope.skip(tag);
            }
        }
        String messageName = KINDS.getOrDefault(apiVersion + "/" + kind, KINDS.get(kind));
        if (messageName == null) {
            throw new ProtobufException("protobuf request bodies for kind \"" + kind + "\" are not supported yet: "
                    + "send application/json (for example kubectl create -f)");
        }
        ObjectNode obj = Json.object();
        if (!apiVersion.isEmpty()) {
            obj.put("apiVersion", apiVersion);
        }
        obj.put("kind", kind);
        if (raw != null) {
            read(new ProtoReader(raw, 0, raw.length), MESSAGES.get(messageName), obj);
        }
        return obj;
    }

    private static void read(ProtoReader in, ProtoMessage type, ObjectNode out) {
        while (in.hasMore()) {
            int tag = in.tag();
            Field f = type.field(tag >>> 3);
            if (f == null) {
                // Go encodes every non-pointer field, set or not: zero values of fields this
                // server does not know carry nothing and are skipped; anything else is refused.
                if (!in.skipIfZero(tag)) {
                    throw new ProtobufException("protobuf field " + (tag >>> 3) + " of " + type.name
                            + " is not known to this server: send application/json");
                }
                continue;
            }
            int wire = f.type() == ProtoMessage.Type.BOOL || f.type() == ProtoMessage.Type.INT ? 0 : 2;
            if ((tag & 7) != wire) {
                throw new ProtobufException("protobuf field " + (tag >>> 3) + " (" + f.json() + ") of " + type.name
                        + " has wire type " + (tag & 7) + ", expected " + wire);
            }
            if (f.type() == ProtoMessage.Type.INLINE) {
                read(in.message(), MESSAGES.get(f.message()), out);
                continue;
            }
            JsonNode value = value(in, tag, f);
            if (value == null) {
                continue;
            }
            switch (f.type()) {
                case STRING_MAP, BYTES_MAP, QUANTITY_MAP -> {
                    ObjectNode map = Json.child(out, f.json());
                    map.set(value.get("k").asString(), value.get("v"));
                }
                default -> {
                    if (f.repeated()) {
                        JsonNode existing = out.get(f.json());
                        ArrayNode arr = existing instanceof ArrayNode a ? a : out.putArray(f.json());
                        arr.add(value);
                    } else {
                        out.set(f.json(), value);
                    }
                }
            }
        }
    }

    private static JsonNode value(ProtoReader in, int tag, Field f) {
        ObjectNode holder = Json.object();
        switch (f.type()) {
            case STRING -> {
                String s = in.string();
                if (s.isEmpty() && !f.repeated()) {
                    return null;
                }
                holder.put("x", s);
            }
            case BYTES -> holder.put("x", Base64.getEncoder().encodeToString(in.bytes()));
            case BOOL -> {
                boolean b = in.varint() != 0;
                if (!b && !f.keepZero()) {
                    return null;
                }
                holder.put("x", b);
            }
            case INT -> {
                long v = in.varint();
                if (v == 0 && !f.keepZero()) {
                    return null;
                }
                holder.put("x", v);
            }
            case TIME -> {
                ProtoReader t = in.message();
                long seconds = 0;
                while (t.hasMore()) {
                    int tt = t.tag();
                    if ((tt >>> 3) == 1) {
                        seconds = t.varint();
                    } else {
                        t.skip(tt);
                    }
                }
                // Go's zero time (year 1) means "not set".
                if (seconds <= 0) {
                    return null;
                }
                holder.put("x", Json.timestamp(Instant.ofEpochSecond(seconds)));
            }
            case INT_OR_STRING -> {
                ProtoReader t = in.message();
                long kind = 0;
                long intVal = 0;
                String strVal = "";
                while (t.hasMore()) {
                    int tt = t.tag();
                    switch (tt >>> 3) {
                        case 1 -> kind = t.varint();
                        case 2 -> intVal = (int) t.varint();
                        case 3 -> strVal = t.string();
                        default -> t.skip(tt);
                    }
                }
                if (kind == 1) {
                    holder.put("x", strVal);
                } else if (intVal == 0 && !f.keepZero()) {
                    return null;
                } else {
                    holder.put("x", intVal);
                }
            }
            case QUANTITY -> holder.put("x", quantity(in.message()));
            case MESSAGE -> {
                ObjectNode nested = Json.object();
                read(in.message(), MESSAGES.get(f.message()), nested);
                holder.set("x", nested);
            }
            case STRING_MAP, BYTES_MAP, QUANTITY_MAP -> {
                ProtoReader entry = in.message();
                String key = "";
                JsonNode val = null;
                while (entry.hasMore()) {
                    int et = entry.tag();
                    switch (et >>> 3) {
                        case 1 -> key = entry.string();
                        case 2 -> val = switch (f.type()) {
                            case STRING_MAP -> Json.MAPPER.getNodeFactory().stringNode(entry.string());
                            case QUANTITY_MAP -> Json.MAPPER.getNodeFactory().stringNode(quantity(entry.message()));
                            default -> Json.MAPPER.getNodeFactory().stringNode(
                                    Base64.getEncoder().encodeToString(entry.bytes()));
                        };
                        default -> entry.skip(et);
                    }
                }
                ObjectNode kv = Json.object();
                kv.put("k", key);
                kv.set("v", val == null ? Json.MAPPER.getNodeFactory().stringNode("") : val);
                return kv;
            }
        }
        return holder.get("x");
    }

    private static String quantity(ProtoReader q) {
        String value = "";
        while (q.hasMore()) {
            int t = q.tag();
            if ((t >>> 3) == 1) {
                value = q.string();
            } else {
                q.skip(t);
            }
        }
        return value;
    }

    /** The protobuf wire format: varints and length-delimited fields over a byte range. */
    static final class ProtoReader {
        private final byte[] buf;
        private int pos;
        private final int end;

        ProtoReader(byte[] buf, int from, int to) {
            this.buf = buf;
            this.pos = from;
            this.end = to;
        }

        boolean hasMore() {
            return pos < end;
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new ProtobufException("truncated protobuf body");
                }
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new ProtobufException("malformed varint in protobuf body");
        }

        private int length() {
            long len = varint();
            if (len < 0 || len > end - pos) {
                throw new ProtobufException("truncated protobuf body");
            }
            return (int) len;
        }

        byte[] bytes() {
            int len = length();
            byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return out;
        }

        String string() {
            int len = length();
            String s = new String(buf, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        ProtoReader message() {
            int len = length();
            ProtoReader r = new ProtoReader(buf, pos, pos + len);
            pos += len;
            return r;
        }

        /** Skips a field whose value is a zero varint or empty bytes; false (nothing consumed) otherwise. */
        boolean skipIfZero(int tag) {
            int start = pos;
            switch (tag & 7) {
                case 0 -> {
                    if (varint() == 0) {
                        return true;
                    }
                }
                case 2 -> {
                    if (length() == 0) {
                        return true;
                    }
                }
                default -> { }
            }
            pos = start;
            return false;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> advance(length());
                case 5 -> advance(4);
                default -> throw new ProtobufException("unsupported protobuf wire type " + (tag & 7));
            }
        }

        private void advance(int n) {
            if (n > end - pos) {
                throw new ProtobufException("truncated protobuf body");
            }
            pos += n;
        }
    }
}
