package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jube.apiserver.ApiServer;
import dev.jube.apiserver.ApiServerConfig;
import dev.jube.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jube token create` against an API server in this JVM, and the token it mints in use. */
class TokenCommandTest {

    private static final Pattern JOIN = Pattern.compile(
            "jube agent --server (https://127\\.0\\.0\\.1:\\d+) --token ([a-z0-9]{6})\\.([a-z0-9]{16}) "
                    + "--ca-cert-hash (sha256:[0-9a-f]{64})\n");

    @TempDir
    Path dir;

    private EmbeddedStore store;
    private ApiServer server;
    private KubernetesClient admin;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws Exception {
        store = EmbeddedStore.open(dir.resolve("store"));
        server = ApiServer.start(ApiServerConfig.defaults(store, dir).withPort(0).withBindAddress("127.0.0.1"));
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig())))
                .build();
    }

    @AfterEach
    void stopServer() {
        admin.close();
        server.close();
        store.close();
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void createStoresAnUpstreamBootstrapTokenAndPrintsTheJoinCommand() {
        assertThat(run("token", "create", "--ttl", "2h", "--data-dir", dir.toString())).as(err.toString()).isZero();

        Matcher m = JOIN.matcher(out.toString());
        assertThat(m.matches()).as(out.toString()).isTrue();
        assertThat(m.group(1)).isEqualTo(server.url());
        assertThat(m.group(4)).isEqualTo(CaCertHash.of(server.pki().ca().certificate()));
        Secret secret = admin.secrets().inNamespace("kube-system").withName("bootstrap-token-" + m.group(2)).get();
        assertThat(secret.getType()).isEqualTo("bootstrap.kubernetes.io/token");
        assertThat(decoded(secret, "token-id")).isEqualTo(m.group(2));
        assertThat(decoded(secret, "token-secret")).isEqualTo(m.group(3));
        assertThat(decoded(secret, "usage-bootstrap-authentication")).isEqualTo("true");
        assertThat(decoded(secret, "auth-extra-groups")).isEqualTo("system:bootstrappers:jube:default-node-token");
        assertThat(Instant.parse(decoded(secret, "expiration")))
                .isBetween(Instant.now().plus(Duration.ofMinutes(110)), Instant.now().plus(Duration.ofHours(2)));
    }

    @Test
    void theTokenAuthenticatesWhileItsSecretExists() {
        assertThat(run("token", "create", "--data-dir", dir.toString())).isZero();
        Matcher m = JOIN.matcher(out.toString());
        assertThat(m.matches()).isTrue();
        Config config = Config.empty();
        config.setMasterUrl(server.url());
        config.setCaCertData(Base64.getEncoder().encodeToString(
                dev.jube.apiserver.pki.Pem.certificate(server.pki().ca().certificate()).getBytes(StandardCharsets.UTF_8)));
        config.setOauthToken(m.group(2) + "." + m.group(3));
        try (KubernetesClient bootstrap = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(bootstrap.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                    .contains("kube-system");
        }
    }

    @Test
    void ttlZeroNeverExpires() {
        assertThat(run("token", "create", "--ttl", "0", "--data-dir", dir.toString())).isZero();
        Matcher m = JOIN.matcher(out.toString());
        assertThat(m.matches()).isTrue();
        Secret secret = admin.secrets().inNamespace("kube-system").withName("bootstrap-token-" + m.group(2)).get();
        assertThat(secret.getData()).doesNotContainKey("expiration");
    }

    @Test
    void aMalformedTtlIsAUsageError() {
        assertThat(run("token", "create", "--ttl", "tomorrow", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--ttl must be a duration such as 24h");
    }

    @Test
    void aDataFolderWithoutAServerIsRefusedWithTheReason() {
        Path empty = dir.resolve("nothing-here");
        assertThat(run("token", "create", "--data-dir", empty.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no kubeconfig at " + empty.resolve("kubeconfig"));
    }

    @Test
    void clusterInfoCarriesTheCaForJoiningNodes() {
        var info = admin.configMaps().inNamespace("kube-public").withName("cluster-info").get();
        assertThat(info.getData().get("kubeconfig")).contains("server: " + server.url())
                .contains("certificate-authority-data: " + Base64.getEncoder().encodeToString(
                        dev.jube.apiserver.pki.Pem.certificate(server.pki().ca().certificate())
                                .getBytes(StandardCharsets.UTF_8)));
    }

    private static String decoded(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
}
