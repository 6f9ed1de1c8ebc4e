package dev.jube.store.embedded;

import dev.jube.store.KeyValue;
import dev.jube.store.StoreException;
import dev.jube.store.WatchEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;

/**
 * The on-disk format of keys, key values and change sets. MVStore checks only its own page
 * framing, so every record carries a CRC32C: a damaged file fails loudly instead of returning
 * altered values.
 */
final class RecordCodec {

    private static final int PUT = 0;
    private static final int DELETE = 1;
    private static final int HAS_PREV = 2;

    private final String fileName;

    RecordCodec(String fileName) {
        this.fileName = fileName;
    }

    static void writeKey(WriteBuffer buff, String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        buff.putVarInt(bytes.length).put(bytes);
    }

    static String readKey(ByteBuffer buff) {
        byte[] bytes = new byte[DataUtils.readVarInt(buff)];
        buff.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    void writeKeyValue(WriteBuffer buff, KeyValue kv) {
        int start = buff.position();
        putKeyValue(buff, kv);
        putChecksum(buff, start);
    }

    KeyValue readKeyValue(ByteBuffer buff) {
        int start = buff.position();
        KeyValue kv = getKeyValue(buff);
        verifyChecksum(buff, start);
        return kv;
    }

    void writeEvents(WriteBuffer buff, List<WatchEvent> events) {
        int start = buff.position();
        buff.putVarInt(events.size());
        for (WatchEvent e : events) {
            int flags = (e.type() == WatchEvent.Type.PUT ? PUT : DELETE) | (e.prevKv() != null ? HAS_PREV : 0);
            buff.put((byte) flags);
            putKeyValue(buff, e.kv());
            if (e.prevKv() != null) {
                putKeyValue(buff, e.prevKv());
            }
        }
        putChecksum(buff, start);
    }

    List<WatchEvent> readEvents(ByteBuffer buff) {
        int start = buff.position();
        int n = DataUtils.readVarInt(buff);
        if (n < 0 || n > buff.remaining()) {
            throw corrupt("impossible event count " + n);
        }
        List<WatchEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int flags = buff.get();
            KeyValue kv = getKeyValue(buff);
            KeyValue prev = (flags & HAS_PREV) != 0 ? getKeyValue(buff) : null;
            events.add(new WatchEvent((flags & DELETE) != 0 ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT, kv, prev));
        }
        verifyChecksum(buff, start);
        return List.copyOf(events);
    }

    private static void putKeyValue(WriteBuffer buff, KeyValue kv) {
        writeKey(buff, kv.key());
        buff.putVarLong(kv.createRevision())
                .putVarLong(kv.modRevision())
                .putVarLong(kv.version())
                .putVarLong(kv.lease())
                .putVarInt(kv.value().length)
                .put(kv.value());
    }

    private KeyValue getKeyValue(ByteBuffer buff) {
        try {
            String key = readKey(buff);
            long create = DataUtils.readVarLong(buff);
            long mod = DataUtils.readVarLong(buff);
            long version = DataUtils.readVarLong(buff);
            long lease = DataUtils.readVarLong(buff);
            byte[] value = new byte[DataUtils.readVarInt(buff)];
            buff.get(value);
            return new KeyValue(key, value, create, mod, version, lease);
        } catch (RuntimeException e) {
            // Garbage lengths show up as negative sizes or buffer underflows.
            throw corrupt("unreadable record (" + e + ")");
        }
    }

    private static void putChecksum(WriteBuffer buff, int start) {
        ByteBuffer written = buff.getBuffer().duplicate().limit(buff.position()).position(start);
        CRC32C crc = new CRC32C();
        crc.update(written);
        buff.putInt((int) crc.getValue());
    }

    private void verifyChecksum(ByteBuffer buff, int start) {
        ByteBuffer read = buff.duplicate().limit(buff.position()).position(start);
        CRC32C crc = new CRC32C();
        crc.update(read);
        if (buff.remaining() < 4 || buff.getInt() != (int) crc.getValue()) {
            throw corrupt("checksum mismatch");
        }
    }

    private StoreException corrupt(String what) {
        return new StoreException("store file " + fileName + " is corrupt: " + what);
    }
}
