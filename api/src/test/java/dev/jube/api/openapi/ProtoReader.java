package dev.jube.api.openapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test-side protobuf wire-format reader: a message as field number to its values. */
final class ProtoReader {

    private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

    ProtoReader(byte[] data) {
        int[] pos = {0};
        while (pos[0] < data.length) {
            long key = varint(data, pos);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            Object value = switch (wire) {
                case 0 -> varint(data, pos);
                case 1 -> {
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v |= (data[pos[0] + i] & 0xffL) << (8 * i);
                    }
                    pos[0] += 8;
                    yield v;
                }
                case 2 -> {
                    int len = (int) varint(data, pos);
                    byte[] bytes = new byte[len];
                    System.arraycopy(data, pos[0], bytes, 0, len);
                    pos[0] += len;
                    yield bytes;
                }
                default -> throw new IllegalStateException("unexpected wire type " + wire + " at field " + field);
            };
            fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
        }
    }

    List<ProtoReader> messages(int field) {
        return fields.getOrDefault(field, List.of()).stream().map(b -> new ProtoReader((byte[]) b)).toList();
    }

    ProtoReader message(int field) {
        List<ProtoReader> all = messages(field);
        if (all.size() != 1) {
            throw new AssertionError("expected one message at field " + field + ", found " + all.size());
        }
        return all.get(0);
    }

    boolean has(int field) {
        return fields.containsKey(field);
    }

    String string(int field) {
        List<Object> v = fields.get(field);
        return v == null ? "" : new String((byte[]) v.get(v.size() - 1), StandardCharsets.UTF_8);
    }

    List<String> strings(int field) {
        return fields.getOrDefault(field, List.of()).stream()
                .map(b -> new String((byte[]) b, StandardCharsets.UTF_8)).toList();
    }

    long number(int field) {
        List<Object> v = fields.get(field);
        return v == null ? 0 : (Long) v.get(v.size() - 1);
    }

    /** The value message of the named entry of a repeated Named* field (name 1, value 2). */
    ProtoReader named(int field, String name) {
        for (ProtoReader entry : messages(field)) {
            if (entry.string(1).equals(name)) {
                return entry.message(2);
            }
        }
        throw new AssertionError("no entry named " + name + " at field " + field);
    }

    private static long varint(byte[] data, int[] pos) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = data[pos[0]++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }
}
