package dev.jube.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.store.Keys;
import dev.jube.store.Op;
import dev.jube.store.RangeRequest;
import dev.jube.store.StoreException;
import dev.jube.store.TxnRequest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged store file gives an error naming it, never an empty or altered store: at open (the
 * header, the current keys) or when the damaged history is first read.
 */
class CorruptFileTest {

    @TempDir
    Path dir;

    Path file;

    @BeforeEach
    void writeStore() {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            // One transaction of ~1 MB: the middle of the file is this chunk's live data.
            Random random = new Random(7);
            List<Op> puts = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] value = new byte[2500];
                random.nextBytes(value);
                puts.add(Op.put(String.format("/data/%04d", i), value));
            }
            store.txn(TxnRequest.of(puts.toArray(Op[]::new)));
        }
        file = dir.resolve(StoreFile.FILE_NAME);
    }

    @Test
    void anIntactFileOpens() {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThat(store.currentRevision()).isEqualTo(2);
        }
    }

    @Test
    void aDamagedHeaderIsReported() throws IOException {
        overwrite(0, 8192); // both copies of the store header
        assertRefused();
    }

    @Test
    void damagedDataInTheMiddleIsReported() throws IOException {
        overwrite(Files.size(file) / 2, 64);
        assertRefused();
    }

    @Test
    void aTruncatedFileIsReported() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        assertRefused();
    }

    @Test
    void aFileThatIsNotAStoreIsReported() throws IOException {
        byte[] junk = new byte[64 * 1024];
        new Random(3).nextBytes(junk);
        Files.write(file, junk);
        assertRefused();
    }

    private void overwrite(long position, int length) throws IOException {
        byte[] junk = new byte[length];
        Arrays.fill(junk, (byte) 0x5a);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            raf.write(junk);
        }
    }

    private void assertRefused() {
        assertThatThrownBy(this::openAndReadEverything)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString());
        // Nothing is left locked by the failure.
        assertThatThrownBy(this::openAndReadEverything)
                .isInstanceOf(StoreException.class)
                .hasMessageNotContaining("in use");
    }

    private void openAndReadEverything() {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            RangeRequest all = new RangeRequest("\0", Keys.ALL, 0, 0, false, false);
            store.range(all);
            store.range(all.atRevision(1)); // rolls back through the history
        }
    }
}
