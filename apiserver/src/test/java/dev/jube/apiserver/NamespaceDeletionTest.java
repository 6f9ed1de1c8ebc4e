package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceDeletionTest {

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir);
        api = Api.of(cluster);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void deletingATerminatingNamespaceAgainIsAConflictAsUpstream() throws Exception {
        api.create("/api/v1/namespaces", "{\"metadata\":{\"name\":\"twice\"}}");
        Api.Reply first = api.delete("/api/v1/namespaces/twice");
        assertThat(first.code()).isEqualTo(200);
        assertThat(first.body().path("status").path("phase").asString()).isEqualTo("Terminating");
        Api.Reply second = api.delete("/api/v1/namespaces/twice");
        assertThat(second.code()).isEqualTo(409);
        assertThat(second.body().path("reason").asString()).isEqualTo("Conflict");
        assertThat(second.message()).isEqualTo("Operation cannot be fulfilled on namespaces \"twice\": The system is "
                + "ensuring all content is removed from this namespace.  Upon completion, this namespace will "
                + "automatically be purged by the system.");
        assertThat(second.body().path("details").path("name").asString()).isEqualTo("twice");
        assertThat(second.body().path("details").path("kind").asString()).isEqualTo("namespaces");
    }

    @Test
    void onceFinalizedTheNamespaceIsGone() throws Exception {
        api.create("/api/v1/namespaces", "{\"metadata\":{\"name\":\"emptied\"}}");
        assertThat(api.delete("/api/v1/namespaces/emptied").code()).isEqualTo(200);
        assertThat(api.put("/api/v1/namespaces/emptied/finalize",
                "{\"metadata\":{\"name\":\"emptied\"},\"spec\":{\"finalizers\":[]}}").code()).isEqualTo(200);
        Api.Reply gone = api.delete("/api/v1/namespaces/emptied");
        assertThat(gone.code()).isEqualTo(404);
    }
}
