package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.kubelet.images.OciArchive;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jube images import` without a running containerd: checks and queueing for the next agent start. */
class ImagesCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path archive() {
        return OciArchive.builder("test.local/hello:1").file("hello.txt", "hello", 0644).build()
                .writeTo(dir.resolve("hello.tar"));
    }

    @Test
    void withoutARunningAgentTheArchiveIsQueuedForItsNextStart() throws Exception {
        Path tar = archive();
        Path data = dir.resolve("data");

        assertThat(run("images", "import", tar.toString(), "--data-dir", data.toString())).as(err.toString()).isZero();

        Path queued = data.resolve("agent/images/hello.tar");
        assertThat(queued).exists();
        assertThat(Files.mismatch(tar, queued)).isEqualTo(-1);
        assertThat(out.toString()).contains("queued in " + queued.getParent());
    }

    @Test
    void aMissingFileIsReported() {
        assertThat(run("images", "import", dir.resolve("none.tar").toString(), "--data-dir", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).isEqualTo("jube images import: no such file: " + dir.resolve("none.tar") + "\n");
    }

    @Test
    void somethingThatIsNotATarIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.tar"), "this is not a tar archive at all ".repeat(40));
        assertThat(run("images", "import", junk.toString(), "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(junk + " is not an image archive: it is not a tar archive");
        assertThat(dir.resolve("agent/images")).doesNotExist();
    }

    @Test
    void aTruncatedArchiveIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(archive());
        Path cut = Files.write(dir.resolve("cut.tar"), Arrays.copyOf(whole, 700));
        assertThat(run("images", "import", cut.toString(), "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("is not an image archive: the tar stream is truncated");
    }

    @Test
    void aTarWithoutAnImageIsRefused() throws Exception {
        Path layerOnly = Files.write(dir.resolve("layer.tar"),
                OciArchive.builder("x/y:1").file("a", "b", 0644).build().layerTar());
        assertThat(run("images", "import", layerOnly.toString(), "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("it has neither index.json nor manifest.json");
    }

    @Test
    void anExplicitRuntimeEndpointThatDoesNotAnswerIsAnError() {
        Path tar = archive();
        Path socket = dir.resolve("none.sock");
        assertThat(run("images", "import", tar.toString(), "--container-runtime-endpoint", socket.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no containerd answers at " + socket);
    }
}
