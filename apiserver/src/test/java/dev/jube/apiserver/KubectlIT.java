package dev.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl (from PATH) against an in-JVM server, with a private kubeconfig and home. */
class KubectlIT {

    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private record Result(int exit, String out, String err) {}

    private static Result kubectl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("kubectl");
        cmd.addAll(List.of(args));
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("KUBECONFIG", cluster.server.kubeconfig().toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("KUBECACHEDIR", home.resolve("cache").toString());
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60s");
            }
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private static String ok(String... args) throws Exception {
        Result r = kubectl(args);
        assertThat(r.exit()).as("kubectl %s failed: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    @Test
    void getNamespacesPrintsATable() throws Exception {
        String out = ok("get", "ns");
        assertThat(out.lines().findFirst().orElseThrow()).matches("NAME\\s+STATUS\\s+AGE");
        assertThat(out).containsPattern("default\\s+Active\\s+\\d+s").contains("kube-system").contains("kube-public")
                .contains("kube-node-lease");
    }

    @Test
    void configMapLifecycle() throws Exception {
        assertThat(ok("create", "configmap", "x", "--from-literal=a=b")).contains("configmap/x created");
        String yaml = ok("get", "cm", "x", "-o", "yaml");
        assertThat(yaml).contains("kind: ConfigMap").contains("  a: b").contains("name: x")
                .containsPattern("resourceVersion: \"\\d+\"").contains("uid: ");
        assertThat(ok("get", "cm", "x", "-o", "json")).contains("\"kind\": \"ConfigMap\"").contains("\"a\": \"b\"");
        assertThat(ok("get", "cm", "x", "-o", "jsonpath={.data.a}")).isEqualTo("b");
        assertThat(ok("get", "cm")).containsPattern("NAME\\s+DATA\\s+AGE").containsPattern("x\\s+1\\s+\\d+s");
        assertThat(ok("delete", "cm", "x")).contains("configmap \"x\" deleted");
        Result gone = kubectl("get", "cm", "x");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err()).contains("configmaps \"x\" not found");
    }

    @Test
    void podsFromAManifest() throws Exception {
        Path manifest = dir.resolve("pod.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  labels:
                    app: web
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.27
                """);
        assertThat(ok("create", "-f", manifest.toString(), "--validate=false")).contains("pod/web created");
        String pods = ok("get", "pods");
        assertThat(pods).containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE")
                .containsPattern("web\\s+0/1\\s+Pending\\s+0\\s+\\d+s");
        assertThat(ok("get", "pods", "-l", "app=web", "-o", "name")).isEqualTo("pod/web\n");
        assertThat(ok("label", "pod", "web", "tier=frontend")).contains("pod/web labeled");
        assertThat(ok("get", "pod", "web", "-o", "jsonpath={.metadata.labels.tier}")).isEqualTo("frontend");
        assertThat(ok("delete", "-f", manifest.toString())).contains("pod \"web\" deleted");
    }

    @Test
    void apiResourcesListsTheRegistry() throws Exception {
        String out = ok("api-resources");
        assertThat(out).containsPattern("pods\\s+po\\s+v1\\s+true\\s+Pod")
                .containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment")
                .containsPattern("namespaces\\s+ns\\s+v1\\s+false\\s+Namespace")
                .containsPattern("leases\\s+coordination.k8s.io/v1\\s+true\\s+Lease");
    }

    @Test
    void versionShowsTheServer() throws Exception {
        assertThat(ok("version")).contains("Server Version: v1.32.0-jube");
    }

    @Test
    void generatorsSendingProtobufWork() throws Exception {
        assertThat(ok("create", "namespace", "team-b")).contains("namespace/team-b created");
        assertThat(ok("create", "secret", "generic", "s1", "--from-literal=p=q", "-n", "team-b"))
                .contains("secret/s1 created");
        assertThat(ok("get", "secret", "s1", "-n", "team-b", "-o", "jsonpath={.data.p}")).isEqualTo("cQ==");
        assertThat(ok("create", "serviceaccount", "robot", "-n", "team-b")).contains("serviceaccount/robot created");
    }
}
