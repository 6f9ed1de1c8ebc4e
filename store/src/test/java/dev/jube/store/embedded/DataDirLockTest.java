package dev.jube.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jube.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One data folder, one Jube: a second opener gets a clear error naming the folder. */
class DataDirLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondProcessIsRefusedWithAClearMessage() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            store.put("/a", new byte[] {1});
            List<String> output;
            try (ChildJvm child = ChildJvm.start(SecondOpener.class, dir.toString())) {
                output = child.awaitExit(60, TimeUnit.SECONDS);
            }
            assertThat(output).anySatisfy(line -> assertThat(line)
                    .startsWith("REFUSED")
                    .contains(dir.toString())
                    .contains("another Jube")
                    .contains("pid " + ProcessHandle.current().pid()));
            assertThat(output).noneMatch(line -> line.startsWith("OPENED"));
        }
        // Once closed, another process may open it.
        try (ChildJvm child = ChildJvm.start(SecondOpener.class, dir.toString())) {
            assertThat(child.awaitExit(60, TimeUnit.SECONDS)).contains("OPENED revision=2");
        }
    }

    @Test
    void aSecondOpenInTheSameProcessIsRefused() {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertThatThrownBy(() -> EmbeddedStore.open(dir))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("another Jube");
            assertThat(store.currentRevision()).isEqualTo(1);
        }
        EmbeddedStore.open(dir).close();
    }
}
