package dev.jube.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.kubelet.network.Ipv4Cidr;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The node agent running real containers through containerd for pods of a real API server. */
class NodeAgentIT {

    static JubeCluster cluster;
    static KubernetesClient client;
    static RealNode node;

    @BeforeAll
    static void start() throws Exception {
        cluster = JubeCluster.start();
        client = cluster.client();
        node = RealNode.start(client, "node-it");
        await().atMost(Duration.ofSeconds(30)).until(() -> ready(client.nodes().withName("node-it").get()));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static boolean ready(Node n) {
        return n != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static PodBuilder pod(String name, String restartPolicy, String... command) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("node-it").withRestartPolicy(restartPolicy)
                .withTerminationGracePeriodSeconds(1L).withAutomountServiceAccountToken(false)
                .addNewContainer().withName("main").withImage(RealNode.BUSYBOX).withImagePullPolicy("IfNotPresent")
                .withCommand(command).endContainer().endSpec();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static ContainerStatus main(String name) {
        Pod p = get(name);
        return p == null || p.getStatus() == null || p.getStatus().getContainerStatuses().isEmpty() ? null
                : p.getStatus().getContainerStatuses().get(0);
    }

    private static String log(Pod p, String container, int attempt) throws Exception {
        Path file = node.logsDir().resolve("default_" + p.getMetadata().getName() + "_" + p.getMetadata().getUid())
                .resolve(container).resolve(attempt + ".log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void theNodeRegistersWithCapacityInfoAndLease() {
        Node n = client.nodes().withName("node-it").get();
        assertThat(n.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods", "ephemeral-storage");
        assertThat(n.getStatus().getNodeInfo().getContainerRuntimeVersion()).startsWith("containerd://");
        assertThat(n.getStatus().getNodeInfo().getKernelVersion()).isNotEmpty();
        assertThat(n.getStatus().getConditions()).extracting(NodeCondition::getType)
                .contains("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
        assertThat(n.getSpec().getPodCIDR()).isEqualTo(node.podCidr());
        await().atMost(Duration.ofSeconds(30)).until(() -> client.nodes().withName("node-it").get().getStatus()
                .getImages().stream().anyMatch(i -> i.getNames().stream().anyMatch(name -> name.contains("busybox"))));
        assertThat(client.leases().inNamespace("kube-node-lease").withName("node-it").get().getSpec()
                .getHolderIdentity()).isEqualTo("node-it");
    }

    @Test
    void aBusyboxWebServerIsReachableByPodIpFromTheHost() throws Exception {
        client.pods().inNamespace("default").resource(pod("web", "Always", "sh", "-c",
                "mkdir -p /www && echo hello-from-pod > /www/index.html && exec httpd -f -p 8080 -h /www").build())
                .create();
        await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(get("web").getStatus().getPhase())
                && Boolean.TRUE.equals(main("web").getReady()));
        Pod p = get("web");
        String ip = p.getStatus().getPodIP();
        assertThat(Ipv4Cidr.parse(node.podCidr()).contains(ip)).isTrue();
        assertThat(p.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(main("web").getContainerID()).startsWith("containerd://");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String body = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body(), b -> b.contains("hello-from-pod"));
        assertThat(body).contains("hello-from-pod");

        client.pods().inNamespace("default").withName("web").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("web") == null);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.cri().listPodSandboxes().stream()
                .noneMatch(s -> s.getMetadata().getName().equals("web")));
    }

    @Test
    void exitCodesEndPodsWithRestartPolicyNever() throws Exception {
        client.pods().inNamespace("default").resource(pod("fails", "Never", "sh", "-c", "echo bye; exit 3").build())
                .create();
        client.pods().inNamespace("default").resource(pod("works", "Never", "sh", "-c", "echo done").build()).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> "Failed".equals(get("fails").getStatus().getPhase())
                && "Succeeded".equals(get("works").getStatus().getPhase()));
        var t = main("fails").getState().getTerminated();
        assertThat(t.getExitCode()).isEqualTo(3);
        assertThat(t.getReason()).isEqualTo("Error");
        assertThat(main("works").getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(log(get("fails"), "main", 0)).contains(" stdout F bye");
    }

    @Test
    void initContainersRunInOrderAndSecretsReachTheEnvironment() throws Exception {
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("db")
                .endMetadata().addToStringData("password", "hunter2").build()).create();
        Pod spec = new PodBuilder().withNewMetadata().withName("ordered").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("node-it").withRestartPolicy("Never").withAutomountServiceAccountToken(false)
                .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewInitContainer().withName("first").withImage(RealNode.BUSYBOX).withCommand("sh", "-c",
                        "echo one >> /work/order").addNewVolumeMount().withName("work").withMountPath("/work")
                .endVolumeMount().endInitContainer()
                .addNewInitContainer().withName("second").withImage(RealNode.BUSYBOX).withCommand("sh", "-c",
                        "echo two >> /work/order").addNewVolumeMount().withName("work").withMountPath("/work")
                .endVolumeMount().endInitContainer()
                .addNewContainer().withName("main").withImage(RealNode.BUSYBOX)
                .withCommand("sh", "-c", "cat /work/order; echo password=$PASSWORD")
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("db")
                .withKey("password").endSecretKeyRef().endValueFrom().endEnv()
                .addNewVolumeMount().withName("work").withMountPath("/work").endVolumeMount().endContainer()
                .endSpec().build();
        client.pods().inNamespace("default").resource(spec).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> "Succeeded".equals(get("ordered").getStatus().getPhase()));
        Pod p = get("ordered");
        assertThat(p.getStatus().getInitContainerStatuses()).allSatisfy(s ->
                assertThat(s.getState().getTerminated().getExitCode()).isZero());
        String out = log(p, "main", 0);
        assertThat(out).containsSubsequence("one", "two", "password=hunter2");
    }

    @Test
    void aCrashingContainerBacksOffWithGrowingRestartCount() {
        client.pods().inNamespace("default").resource(pod("crasher", "Always", "sh", "-c", "exit 1").build()).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ContainerStatus s = main("crasher");
            return s != null && s.getRestartCount() >= 1 && s.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason());
        });
        ContainerStatus s = main("crasher");
        assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(s.getState().getWaiting().getMessage()).startsWith("back-off 10s restarting failed container=main");
        assertThat(get("crasher").getStatus().getPhase()).isEqualTo("Running");
        client.pods().inNamespace("default").withName("crasher").withGracePeriod(0).delete();
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() {
        Pod spec = pod("hog", "Never", "sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x}")
                .editSpec().editFirstContainer().withNewResources()
                .addToLimits("memory", new Quantity("16Mi")).endResources().endContainer().endSpec().build();
        client.pods().inNamespace("default").resource(spec).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> "Failed".equals(get("hog").getStatus().getPhase()));
        assertThat(main("hog").getState().getTerminated().getReason()).isEqualTo("OOMKilled");
        assertThat(get("hog").getStatus().getQosClass()).isEqualTo("Burstable");
    }

    @Test
    void aMissingSecretHoldsTheContainerWithAClearReason() {
        Pod spec = pod("unconfigured", "Always", "sleep", "3600").editSpec().editFirstContainer().addNewEnv()
                .withName("X").withNewValueFrom().withNewSecretKeyRef().withName("nowhere").withKey("k")
                .endSecretKeyRef().endValueFrom().endEnv().endContainer().endSpec().build();
        client.pods().inNamespace("default").resource(spec).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ContainerStatus s = main("unconfigured");
            return s != null && s.getState().getWaiting() != null
                    && "CreateContainerConfigError".equals(s.getState().getWaiting().getReason());
        });
        assertThat(main("unconfigured").getState().getWaiting().getMessage()).isEqualTo("secret \"nowhere\" not found");
        assertThat(get("unconfigured").getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainer() {
        Pod spec = pod("unhealthy", "Always", "sh", "-c", "touch /tmp/healthy; sleep 3; rm /tmp/healthy; sleep 3600")
                .editSpec().editFirstContainer().withNewLivenessProbe().withNewExec().withCommand("cat", "/tmp/healthy")
                .endExec().withPeriodSeconds(1).withFailureThreshold(2).endLivenessProbe().endContainer().endSpec()
                .build();
        client.pods().inNamespace("default").resource(spec).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> main("unhealthy") != null
                && main("unhealthy").getRestartCount() >= 1);
        assertThat(main("unhealthy").getLastState().getTerminated()).isNotNull();
        assertThat(client.v1().events().inNamespace("default").list().getItems()).anySatisfy(e -> {
            assertThat(e.getInvolvedObject().getName()).isEqualTo("unhealthy");
            assertThat(e.getReason()).isEqualTo("Unhealthy");
            assertThat(e.getMessage()).startsWith("Liveness probe failed");
        });
        client.pods().inNamespace("default").withName("unhealthy").withGracePeriod(0).delete();
    }

    @Test
    void readinessGatesTheReadyCondition() {
        Pod spec = pod("gated", "Always", "sleep", "3600").editSpec().editFirstContainer().withNewReadinessProbe()
                .withNewExec().withCommand("cat", "/tmp/ready").endExec().withPeriodSeconds(1).endReadinessProbe()
                .endContainer().endSpec().build();
        client.pods().inNamespace("default").resource(spec).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> main("gated") != null
                && main("gated").getState().getRunning() != null);
        assertThat(main("gated").getReady()).isFalse();
        assertThat(readyCondition("gated")).isEqualTo("False");
        String id = main("gated").getContainerID().substring("containerd://".length());
        node.cri().execSync(id, List.of("touch", "/tmp/ready"), Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> "True".equals(readyCondition("gated")));
        assertThat(main("gated").getReady()).isTrue();
        client.pods().inNamespace("default").withName("gated").withGracePeriod(0).delete();
    }

    @Test
    void preStopRunsBeforeTheContainerIsSignalled() throws Exception {
        Path shared = Files.createTempDirectory("jube-prestop");
        try {
            Pod spec = pod("graceful", "Always", "sh", "-c",
                    "trap 'echo TERM >> /data/log; exit 0' TERM; while true; do sleep 0.2; done")
                    .editSpec().withTerminationGracePeriodSeconds(10L)
                    .addNewVolume().withName("data").withNewHostPath().withPath(shared.toString()).endHostPath()
                    .endVolume()
                    .editFirstContainer().addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                    .withNewLifecycle().withNewPreStop().withNewExec()
                    .withCommand("sh", "-c", "echo preStop >> /data/log").endExec().endPreStop().endLifecycle()
                    .endContainer().endSpec().build();
            client.pods().inNamespace("default").resource(spec).create();
            await().atMost(Duration.ofSeconds(60)).until(() -> main("graceful") != null
                    && main("graceful").getState().getRunning() != null);
            client.pods().inNamespace("default").withName("graceful").delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> get("graceful") == null);
            assertThat(Files.readAllLines(shared.resolve("log"))).containsExactly("preStop", "TERM");
        } finally {
            try (Stream<Path> s = Files.walk(shared)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String readyCondition(String name) {
        return get(name).getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getStatus()).findFirst().orElse(null);
    }

    @Test
    void configMapSecretAndDownwardApiVolumesCarryTheirValuesAndUpdatesReachTheRunningPod() throws Exception {
        client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("site").endMetadata().addToData("greeting", "hello").build()).create();
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("tls")
                .endMetadata().addToStringData("key", "private").build()).create();
        Pod spec = pod("mounted", "Always", "sleep", "3600").editSpec()
                .addNewVolume().withName("site").withNewConfigMap().withName("site").endConfigMap().endVolume()
                .addNewVolume().withName("tls").withNewSecret().withSecretName("tls").withDefaultMode(0400)
                .endSecret().endVolume()
                .addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("labels")
                .withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem().endDownwardAPI().endVolume()
                .editFirstContainer()
                .addNewVolumeMount().withName("site").withMountPath("/etc/site").endVolumeMount()
                .addNewVolumeMount().withName("tls").withMountPath("/etc/tls").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("info").withMountPath("/etc/info").endVolumeMount()
                .endContainer().endSpec().editMetadata().addToLabels("tier", "web").endMetadata().build();
        client.pods().inNamespace("default").resource(spec).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> main("mounted") != null
                && main("mounted").getState().getRunning() != null);
        String id = main("mounted").getContainerID().substring("containerd://".length());
        assertThat(exec(id, "cat /etc/site/greeting")).isEqualTo("hello");
        assertThat(exec(id, "cat /etc/tls/key")).isEqualTo("private");
        assertThat(exec(id, "stat -L -c %a /etc/tls/key")).isEqualTo("400");
        assertThat(exec(id, "cat /etc/info/labels")).isEqualTo("tier=\"web\"");
        assertThat(exec(id, "touch /etc/tls/x 2>&1; echo $?")).endsWith("1");
        client.configMaps().inNamespace("default").withName("site").edit(cm -> {
            cm.getData().put("greeting", "updated");
            return cm;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> exec(id, "cat /etc/site/greeting").equals("updated"));
        client.pods().inNamespace("default").withName("mounted").withGracePeriod(0).delete();
    }

    @Test
    void staticPodsAreMirroredAndGoWithTheirFile() throws Exception {
        Files.createDirectories(node.manifestsDir());
        Path manifest = node.manifestsDir().resolve("static-web.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: static-web
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: web
                    image: %s
                    imagePullPolicy: IfNotPresent
                    command: ["sleep", "3600"]
                """.formatted(RealNode.BUSYBOX));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Pod p = get("static-web-node-it");
            return p != null && "Running".equals(p.getStatus().getPhase());
        });
        Pod mirror = get("static-web-node-it");
        assertThat(mirror.getMetadata().getAnnotations()).containsKey("kubernetes.io/config.mirror")
                .containsEntry("kubernetes.io/config.source", "file");
        assertThat(mirror.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Node"));
        assertThat(mirror.getSpec().getVolumes()).isEmpty();
        Files.delete(manifest);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("static-web-node-it") == null);
    }

    @Test
    void securityContextsAndPullPolicyNeverAreHonoured() {
        Pod spec = pod("locked", "Always", "sleep", "3600").editSpec().editFirstContainer().withNewSecurityContext()
                .withRunAsUser(1000L).withRunAsGroup(3000L).withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false).endSecurityContext().endContainer().endSpec().build();
        client.pods().inNamespace("default").resource(spec).create();
        Pod never = pod("absent-image", "Always", "true").editSpec().editFirstContainer()
                .withImage("example.invalid/nothing:1").withImagePullPolicy("Never").endContainer().endSpec().build();
        client.pods().inNamespace("default").resource(never).create();
        Pod root = pod("rootless", "Always", "sleep", "3600").editSpec().editFirstContainer().withNewSecurityContext()
                .withRunAsNonRoot(true).endSecurityContext().endContainer().endSpec().build();
        client.pods().inNamespace("default").resource(root).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> main("locked") != null
                && main("locked").getState().getRunning() != null);
        String id = main("locked").getContainerID().substring("containerd://".length());
        assertThat(exec(id, "id -u; id -g")).isEqualTo("1000\n3000");
        assertThat(exec(id, "touch /x 2>/dev/null; echo $?")).isEqualTo("1");
        await().atMost(Duration.ofSeconds(30)).until(() -> main("absent-image") != null
                && main("absent-image").getState().getWaiting() != null
                && "ErrImageNeverPull".equals(main("absent-image").getState().getWaiting().getReason()));
        assertThat(main("absent-image").getState().getWaiting().getMessage())
                .isEqualTo("Container image \"example.invalid/nothing:1\" is not present with pull policy of Never");
        await().atMost(Duration.ofSeconds(30)).until(() -> main("rootless") != null
                && main("rootless").getState().getWaiting() != null
                && "CreateContainerConfigError".equals(main("rootless").getState().getWaiting().getReason()));
        assertThat(main("rootless").getState().getWaiting().getMessage())
                .startsWith("container has runAsNonRoot and image will run as root");
        for (String name : List.of("locked", "absent-image", "rootless")) {
            client.pods().inNamespace("default").withName(name).withGracePeriod(0).delete();
        }
    }

    @Test
    void sidecarsKeepRunningBesideTheMainContainerAndArgsExpandVariables() throws Exception {
        Pod spec = pod("with-sidecar", "Never", "sh", "-c", "echo $(GREETING) $0 done", "$(GREETING)")
                .editSpec().addNewInitContainer().withName("sidecar").withImage(RealNode.BUSYBOX)
                .withRestartPolicy("Always").withCommand("sleep", "3600").endInitContainer()
                .editFirstContainer().addNewEnv().withName("GREETING").withValue("hi").endEnv().endContainer()
                .endSpec().build();
        client.pods().inNamespace("default").resource(spec).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Pod p = get("with-sidecar");
            return p.getStatus().getContainerStatuses().size() == 1
                    && p.getStatus().getContainerStatuses().get(0).getState().getTerminated() != null;
        });
        Pod p = get("with-sidecar");
        assertThat(p.getStatus().getInitContainerStatuses().get(0).getState().getRunning()).isNotNull();
        assertThat(log(p, "main", 0)).contains("hi hi done");
        client.pods().inNamespace("default").withName("with-sidecar").withGracePeriod(0).delete();
    }

    private static String exec(String containerId, String script) {
        return node.cri().execSync(containerId, List.of("sh", "-c", script), Duration.ofSeconds(10)).stdoutText()
                .strip();
    }

    static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.toList();
        }
    }
}
