package dev.jube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `jube controller-manager` as its own process beside `jube server --disable-controller-manager`:
 * it runs the workloads, and of two such processes only the holder of the Lease acts.
 */
class ControllerManagerIT {

    private static final Path JAR = Path.of("target", "jube.jar").toAbsolutePath();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Starts `jube ARGS` and waits for a line starting with {@code ready}. */
    private Process start(String ready, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.startsWith(ready)) {
                        return line;
                    }
                }
            } catch (IOException e) {
                seen.append(e);
            }
            throw new IllegalStateException(String.join(" ", args) + " ended before it was ready:\n" + seen);
        }).get(180, TimeUnit.SECONDS);
        Thread.ofVirtual().start(() -> reader.lines().forEach(l -> {}));
        return p;
    }

    private Process startControllerManager() throws Exception {
        return start("jube controller-manager is running", "controller-manager",
                "--kubeconfig", dir.resolve("kubeconfig").toString());
    }

    @Test
    void aSeparateControllerManagerRunsDeploymentsAndHandsOverItsLease() throws Exception {
        start("Jube is ready.", "server", "--data-dir", dir.toString(), "--port", String.valueOf(freePort()),
                "--bind-address", "127.0.0.1", "--disable-agent", "--disable-controller-manager",
                "--hollow-nodes", "2");
        Process first = startControllerManager();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig")))).build()) {
            client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                    .withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().withReplicas(3)
                    .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                    .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.27").endContainer()
                    .endSpec().endTemplate().endSpec().build()).create();
            await().atMost(180, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                    client.pods().inNamespace("default").withLabel("app", "web").list().getItems())
                    .hasSize(3).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running")));

            String leader = holder(client);
            Process second = startControllerManager();
            // The second one campaigns but does not take over while the first renews.
            await().during(6, TimeUnit.SECONDS).atMost(20, TimeUnit.SECONDS)
                    .untilAsserted(() -> assertThat(holder(client)).isEqualTo(leader));

            first.destroy(); // SIGTERM: the manager releases its lease on the way out
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the leader stopped").isTrue();
            await().atMost(15, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(holder(client)).isNotEmpty().isNotEqualTo(leader));

            // The new leader acts: a deleted pod is replaced.
            Pod victim = client.pods().inNamespace("default").withLabel("app", "web").list().getItems().getFirst();
            client.resource(victim).delete();
            await().atMost(180, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                    client.pods().inNamespace("default").withLabel("app", "web").list().getItems())
                    .hasSize(3)
                    .noneMatch(p -> p.getMetadata().getUid().equals(victim.getMetadata().getUid()))
                    .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running")));
            assertThat(second.isAlive()).isTrue();
        }
    }

    private static String holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace("kube-system").withName("kube-controller-manager").get();
        String h = lease == null ? null : lease.getSpec().getHolderIdentity();
        return h == null ? "" : h;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
