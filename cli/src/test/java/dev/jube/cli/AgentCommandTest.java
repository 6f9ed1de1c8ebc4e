package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.ApiServer;
import dev.jube.apiserver.ApiServerConfig;
import dev.jube.store.embedded.EmbeddedStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jube agent`'s options and the ways joining fails before any container runtime starts. */
class AgentCommandTest {

    private static final String TOKEN = "abc123.0123456789abcdef";
    private static final String OTHER_HASH = "sha256:" + "0".repeat(64);

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheJoinAndNodeOptions() {
        assertThat(run("agent", "--help")).isZero();
        assertThat(out.toString())
                .contains("--server", "--token", "--ca-cert-hash", "--data-dir")
                .contains("--node-name", "--node-ip", "--container-runtime-endpoint", "--no-install", "--pod-cidr",
                        "--bridge")
                .doesNotContain("--disable-agent");
    }

    @Test
    void serverAndTokenAreRequired() {
        assertThat(run("agent", "--token", TOKEN)).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--server=URL'");
    }

    @Test
    void malformedJoinValuesAreUsageErrors() {
        assertThat(run("agent", "--server", "https://127.0.0.1:6443", "--token", "abc")).isEqualTo(2);
        assertThat(err.toString()).contains("--token must look like abcdef.0123456789abcdef");
        assertThat(run("agent", "--server", "http://127.0.0.1:6443", "--token", TOKEN)).isEqualTo(2);
        assertThat(err.toString()).contains("--server must be an https:// URL");
        assertThat(run("agent", "--server", "https://127.0.0.1:6443", "--token", TOKEN, "--ca-cert-hash", "md5:x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--ca-cert-hash must be sha256: and 64 hex digits");
    }

    @Test
    void anUnreachableServerIsReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(run("agent", "--server", "https://127.0.0.1:" + port, "--token", TOKEN,
                "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("jube agent: cannot reach https://127.0.0.1:" + port);
    }

    @Test
    void aCaThatDoesNotMatchThePinIsRefusedAndAWrongTokenToo() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.open(dir.resolve("store"));
             ApiServer server = ApiServer.start(ApiServerConfig.defaults(store, dir.resolve("server")).withPort(0)
                     .withBindAddress("127.0.0.1"))) {
            Path agentDir = dir.resolve("agent-data");
            assertThat(run("agent", "--server", server.url(), "--token", TOKEN, "--ca-cert-hash", OTHER_HASH,
                    "--data-dir", agentDir.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("the cluster CA's hash is "
                    + CaCertHash.of(server.pki().ca().certificate()) + ", not the expected " + OTHER_HASH
                    + "; refusing to join");
            assertThat(agentDir.resolve("agent/kubeconfig")).doesNotExist();

            assertThat(run("agent", "--server", server.url(), "--token", TOKEN, "--ca-cert-hash",
                    CaCertHash.of(server.pki().ca().certificate()), "--data-dir", agentDir.toString(),
                    "--node-name", "n1")).isEqualTo(1);
            assertThat(err.toString()).contains("refused the token");
            assertThat(Files.readString(agentDir.resolve("agent/kubeconfig")))
                    .contains("server: " + server.url(), "token: " + TOKEN);
        }
    }
}
