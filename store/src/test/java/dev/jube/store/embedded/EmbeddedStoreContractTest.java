package dev.jube.store.embedded;

import dev.jube.store.Store;
import dev.jube.store.StoreContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared store contract, run against the embedded store (a fresh data folder per test). */
class EmbeddedStoreContractTest extends StoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        try {
            return EmbeddedStore.open(Files.createTempDirectory(dir, "store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
