package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.store.embedded.EmbeddedStore;
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
        assertThat(out.toString())
                .contains("--data-dir", "--port", "--bind-address", "--token-auth-file")
                .contains("--datastore", "--etcd-endpoints", "--etcd-prefix", "--etcd-cafile")
                .contains("--hollow-nodes", "--disable-scheduler", "--disable-controller-manager");
    }

    @Test
    void etcdWithoutEndpointsIsAUsageError() {
        assertThat(run("server", "--data-dir", dir.toString(), "--datastore", "etcd")).isEqualTo(2);
        assertThat(err.toString()).contains("--datastore etcd needs --etcd-endpoints");
    }

    @Test
    void negativeHollowNodesIsAUsageError() {
        assertThat(run("server", "--data-dir", dir.toString(), "--hollow-nodes", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--hollow-nodes must be 0 or more, not -1");
    }

    @Test
    void unknownDatastoreIsAUsageErrorListingTheChoices() {
        assertThat(run("server", "--datastore", "postgres")).isEqualTo(2);
        assertThat(err.toString()).contains("--datastore").contains("embedded, etcd");
    }

    @Test
    void aDataFolderInUseIsRefusedWithTheReason() {
        try (EmbeddedStore held = EmbeddedStore.open(dir.resolve("store"))) {
            assertThat(run("server", "--data-dir", dir.toString(), "--port", "0")).isEqualTo(1);
        }
        assertThat(err.toString()).startsWith("jube server: ").contains(dir.resolve("store").toString());
    }
}
