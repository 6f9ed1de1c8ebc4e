package dev.jube.apiserver.protobuf;

import java.util.HashMap;
import java.util.Map;

/**
 * The wire shape of one Kubernetes protobuf message: field numbers, their JSON names and types.
 * Written from the published API field numbers; only what clients actually send is described.
 */
final class ProtoMessage {

    enum Type {
        STRING, BYTES, BOOL, INT, TIME, MESSAGE, STRING_MAP, BYTES_MAP,
        /** intstr.IntOrString: {type, intVal, strVal}, a JSON number or string. */
        INT_OR_STRING,
        /** resource.Quantity: {string = 1}, a JSON string. */
        QUANTITY,
        /** map&lt;string, Quantity&gt; (resource lists). */
        QUANTITY_MAP,
        /** A Go struct embedded inline: its fields appear in the parent's JSON object. */
        INLINE
    }

    /**
     * One field. {@code keepZero} marks optional pointer fields in the Go types, whose zero value
     * (false, 0) is meaningful and kept; other zero values are dropped as JSON omitempty would.
     */
    record Field(int number, String json, Type type, boolean repeated, String message, boolean keepZero) {}

    final String name;
    private final Map<Integer, Field> fields = new HashMap<>();

    ProtoMessage(String name) {
        this.name = name;
    }

    ProtoMessage string(int n, String json) {
        return add(new Field(n, json, Type.STRING, false, null, false));
    }

    ProtoMessage strings(int n, String json) {
        return add(new Field(n, json, Type.STRING, true, null, false));
    }

    ProtoMessage bytes(int n, String json) {
        return add(new Field(n, json, Type.BYTES, false, null, false));
    }

    ProtoMessage bool(int n, String json, boolean pointer) {
        return add(new Field(n, json, Type.BOOL, false, null, pointer));
    }

    ProtoMessage integer(int n, String json, boolean pointer) {
        return add(new Field(n, json, Type.INT, false, null, pointer));
    }

    ProtoMessage time(int n, String json) {
        return add(new Field(n, json, Type.TIME, false, null, false));
    }

    ProtoMessage message(int n, String json, String type) {
        return add(new Field(n, json, Type.MESSAGE, false, type, false));
    }

    ProtoMessage messages(int n, String json, String type) {
        return add(new Field(n, json, Type.MESSAGE, true, type, false));
    }

    ProtoMessage intOrString(int n, String json) {
        return add(new Field(n, json, Type.INT_OR_STRING, false, null, false));
    }

    /** An optional (pointer) IntOrString, whose 0 is kept. */
    ProtoMessage intOrStringPointer(int n, String json) {
        return add(new Field(n, json, Type.INT_OR_STRING, false, null, true));
    }

    ProtoMessage quantity(int n, String json) {
        return add(new Field(n, json, Type.QUANTITY, false, null, false));
    }

    ProtoMessage quantityMap(int n, String json) {
        return add(new Field(n, json, Type.QUANTITY_MAP, false, null, false));
    }

    ProtoMessage inline(int n, String type) {
        return add(new Field(n, null, Type.INLINE, false, type, false));
    }

    ProtoMessage stringMap(int n, String json) {
        return add(new Field(n, json, Type.STRING_MAP, false, null, false));
    }

    ProtoMessage bytesMap(int n, String json) {
        return add(new Field(n, json, Type.BYTES_MAP, false, null, false));
    }

    private ProtoMessage add(Field f) {
        fields.put(f.number(), f);
        return this;
    }

    Field field(int number) {
        return fields.get(number);
    }
}
