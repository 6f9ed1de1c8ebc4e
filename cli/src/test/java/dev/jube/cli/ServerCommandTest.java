package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {

    @TempDir
    Path dir;

    @Test
    void helpListsTheOptions() {
        String out = capture(true, () -> assertThat(Main.run("server", "--help")).isZero());
        assertThat(out).contains("--data-dir").contains("--port").contains("--bind-address").contains("--token-auth-file");
    }

    @Test
    void withoutAStorageBackendItFailsClearly() {
        String err = capture(false, () -> assertThat(Main.run("server", "--data-dir", dir.toString(), "--port", "0"))
                .isEqualTo(1));
        assertThat(err).contains("jube server: no storage backend is available");
    }

    private static String capture(boolean stdout, Runnable r) {
        PrintStream original = stdout ? System.out : System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        if (stdout) {
            System.setOut(ps);
        } else {
            System.setErr(ps);
        }
        try {
            r.run();
        } finally {
            if (stdout) {
                System.setOut(original);
            } else {
                System.setErr(original);
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
