package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheOptions() {
        assertThat(run("server", "--help")).isZero();
        assertThat(out.toString()).contains("--data-dir").contains("--port").contains("--bind-address").contains("--token-auth-file");
    }

    @Test
    void withoutAStorageBackendItFailsClearly() {
        assertThat(run("server", "--data-dir", dir.toString(), "--port", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("jube server: no storage backend is available");
    }
}
