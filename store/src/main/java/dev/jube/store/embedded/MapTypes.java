package dev.jube.store.embedded;

import dev.jube.store.KeyValue;
import dev.jube.store.WatchEvent;
import java.nio.ByteBuffer;
import java.util.List;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/** How the store's MVStore maps keep their keys and values (see {@link RecordCodec}). */
final class MapTypes {

    private MapTypes() {}

    /** Keys in etcd's order. */
    static final class KeyType extends BasicDataType<String> {

        static final KeyType INSTANCE = new KeyType();

        @Override
        public int compare(String a, String b) {
            return KeyOrder.compare(a, b);
        }

        @Override
        public int getMemory(String key) {
            return 24 + 2 * key.length();
        }

        @Override
        public void write(WriteBuffer buff, String key) {
            RecordCodec.writeKey(buff, key);
        }

        @Override
        public String read(ByteBuffer buff) {
            return RecordCodec.readKey(buff);
        }

        @Override
        public String[] createStorage(int size) {
            return new String[size];
        }
    }

    /** The current value of each key. */
    static final class KeyValueType extends BasicDataType<KeyValue> {

        private final RecordCodec codec;

        KeyValueType(RecordCodec codec) {
            this.codec = codec;
        }

        @Override
        public int getMemory(KeyValue kv) {
            return 80 + 2 * kv.key().length() + kv.value().length;
        }

        @Override
        public void write(WriteBuffer buff, KeyValue kv) {
            codec.writeKeyValue(buff, kv);
        }

        @Override
        public KeyValue read(ByteBuffer buff) {
            return codec.readKeyValue(buff);
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }

    /** The events of one revision, each with its previous value. */
    static final class EventsType extends BasicDataType<List<WatchEvent>> {

        private final RecordCodec codec;

        EventsType(RecordCodec codec) {
            this.codec = codec;
        }

        @Override
        public int getMemory(List<WatchEvent> events) {
            int n = 24;
            for (WatchEvent e : events) {
                n += 120 + 2 * e.kv().key().length() + e.kv().value().length
                        + (e.prevKv() == null ? 0 : e.prevKv().value().length);
            }
            return n;
        }

        @Override
        public void write(WriteBuffer buff, List<WatchEvent> events) {
            codec.writeEvents(buff, events);
        }

        @Override
        public List<WatchEvent> read(ByteBuffer buff) {
            return codec.readEvents(buff);
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<WatchEvent>[] createStorage(int size) {
            return new List[size];
        }
    }
}
