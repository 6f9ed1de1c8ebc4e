package dev.jube.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jube.kubelet.containerd.Containerd;
import dev.jube.kubelet.containerd.ContainerdBinaries;
import dev.jube.kubelet.containerd.ContainerdConfig;
import dev.jube.kubelet.TestHost;
import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.node.NodeCleanup;
import dev.jube.kubelet.cri.v1.ContainerConfig;
import dev.jube.kubelet.cri.v1.ContainerMetadata;
import dev.jube.kubelet.cri.v1.ContainerState;
import dev.jube.kubelet.cri.v1.ImageSpec;
import dev.jube.kubelet.cri.v1.LinuxContainerConfig;
import dev.jube.kubelet.cri.v1.LinuxContainerSecurityContext;
import dev.jube.kubelet.cri.v1.LinuxPodSandboxConfig;
import dev.jube.kubelet.cri.v1.LinuxSandboxSecurityContext;
import dev.jube.kubelet.cri.v1.NamespaceMode;
import dev.jube.kubelet.cri.v1.NamespaceOption;
import dev.jube.kubelet.cri.v1.PodSandbox;
import dev.jube.kubelet.cri.v1.PodSandboxConfig;
import dev.jube.kubelet.cri.v1.PodSandboxMetadata;
import dev.jube.kubelet.images.BusyboxImage;
import dev.jube.kubelet.images.ImageImporter;
import dev.jube.kubelet.network.CniConfig;
import dev.jube.testing.JubeCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real kubectl and the fabric8 client against an API server whose node is a kubelet server
 * in front of a real containerd: logs, exec, exec with stdin, port-forward and cp. The pods'
 * sandboxes and containers are created here over CRI with the kubelet's labels, so the test
 * needs no pod worker.
 */
class PodStreamsIT {

    private static final String BUSYBOX = "jube.dev/busybox-streams:1.35";
    private static final String PAUSE = "jube.dev/pause-streams:3.10";
    private static final String NS = "streams";
    private static final String NODE = "node-streams";

    private static Path dir;
    private static String bridge;
    private static String cgroupParent;
    private static Containerd containerd;
    private static CriClient cri;
    private static JubeCluster cluster;
    private static KubeletServer kubelet;
    private static Map<String, PodSandboxConfig> sandboxes = new java.util.HashMap<>();
    private static Map<String, String> sandboxIds = new java.util.HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("jube-streams");
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        bridge = "jubest" + suffix;
        cgroupParent = "/jube-streams-" + suffix;
        ContainerdBinaries binaries = ContainerdBinaries.find();
        ContainerdConfig config = ContainerdConfig.forDir(dir.resolve("containerd"), binaries.runc())
                .withPauseImage(PAUSE);
        CniConfig.forPodCidr(TestHost.freePodCidr()).withBridge(bridge).withRoutes(List.of())
                .withIpamDataDir(dir.resolve("cni-ipam")).write(config.cniConfDir());
        containerd = Containerd.start(config, binaries);
        cri = containerd.cri();
        Path busybox = BusyboxImage.findStaticBusybox();
        Path images = Files.createDirectories(dir.resolve("images"));
        BusyboxImage.pause(busybox, PAUSE).writeTo(images.resolve("pause.tar"));
        BusyboxImage.busybox(busybox, BUSYBOX).writeTo(images.resolve("busybox.tar"));
        ImageImporter.forSocket(containerd.socket()).importFolder(images);

        cluster = JubeCluster.start();
        kubelet = KubeletServer.start("127.0.0.1", 0, KubeletTestSupport.tls(cluster.apiServer().pki()),
                new CriStreamingRuntime(cri));
        KubernetesClient client = cluster.client();
        KubeletTestSupport.createNode(client, KubeletTestSupport.node(NODE, kubelet.port()));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();

        runPod("web", "app", 0, "mkdir -p /www && echo hello from web > /www/index.html && echo started web"
                + " && echo second line && exec httpd -f -p 8080 -h /www");
        Pod talker = apiPod("talker", "talk");
        String first = runContainer(talker, "talk", 0, "echo one; echo two; echo three");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cri.containerStatus(first).getState() == ContainerState.CONTAINER_EXITED);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (kubelet != null) {
                kubelet.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            if (cri != null && containerd.pid().isPresent()) {
                for (PodSandbox s : cri.listPodSandboxes()) {
                    if (s.getMetadata().getNamespace().equals(NS)) {
                        TestHost.removeSandbox(cri, s.getId());
                    }
                }
            }
        } finally {
            if (containerd != null) {
                containerd.close();
            }
            NodeCleanup.deleteBridge(bridge);
            NodeCleanup.unmountUnder(dir);
            TestHost.removeCgroups(cgroupParent);
            TestHost.deleteTree(dir);
        }
    }

    // ---- kubectl

    @Test
    void kubectlLogsTailAndTimestamps() throws Exception {
        assertThat(kubectl("logs", "-n", NS, "web").stdout()).isEqualTo("started web\nsecond line\n");
        assertThat(kubectl("logs", "-n", NS, "web", "--tail=1").stdout()).isEqualTo("second line\n");
        assertThat(kubectl("logs", "-n", NS, "web", "--timestamps").stdout())
                .matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\S+Z started web\n\\d{4}-\\S+Z second line\n");
        Result wrong = kubectl("logs", "-n", NS, "web", "-c", "nope");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.stderr()).contains("container nope is not valid for pod web");
    }

    @Test
    void kubectlLogsPreviousAndFollowUntilTheContainerExits() throws Exception {
        Pod talker = cluster.client().pods().inNamespace(NS).withName("talker").get();
        String second = runContainer(talker, "talk", 1, "echo again; sleep 2; echo done");
        Result follow = kubectl("logs", "-n", NS, "talker", "-f");
        assertThat(follow.exit()).isZero();
        assertThat(follow.stdout()).isEqualTo("again\ndone\n");
        assertThat(cri.containerStatus(second).getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(kubectl("logs", "-n", NS, "talker", "--previous").stdout()).isEqualTo("one\ntwo\nthree\n");
        assertThat(kubectl("logs", "-n", NS, "talker", "-p", "--tail=1").stdout()).isEqualTo("three\n");
    }

    @Test
    void kubectlExecReturnsOutputAndExitCode() throws Exception {
        Result r = kubectl("exec", "-n", NS, "web", "--", "sh", "-c", "echo hi; echo oops >&2; exit 3");
        assertThat(r.stdout()).isEqualTo("hi\n");
        assertThat(r.stderr()).contains("oops");
        assertThat(r.exit()).isEqualTo(3);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            assertThat(kubectl("exec", "-n", NS, "web", "--", "true").exit()).isZero();
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        System.out.println("kubectl exec round trips (ms): " + millis);
        Result verbose = kubectl("exec", "-v=7", "-n", NS, "web", "--", "true");
        verbose.stderr().lines().filter(l -> l.matches("(?i).*(websocket|spdy|fallback|upgrade|101|403|400).*"))
                .forEach(l -> System.out.println("kubectl exec -v=7: " + l));
    }

    @Test
    void kubectlExecOverSpdyWhenWebSocketsAreOff() throws Exception {
        Map<String, String> spdyOnly = Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false");
        Result r = kubectlWithEnv(spdyOnly, "in\n", "exec", "-i", "-v=7", "-n", NS, "web", "--", "sh", "-c",
                "cat; echo out; exit 4");
        assertThat(r.stdout()).isEqualTo("in\nout\n");
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.stderr()).contains("X-Stream-Protocol-Version: v4.channel.k8s.io")
                .doesNotContainIgnoringCase("Sec-Websocket-Protocol");
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            assertThat(kubectlWithEnv(spdyOnly, null, "exec", "-n", NS, "web", "--", "true").exit()).isZero();
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        System.out.println("kubectl exec round trips over SPDY (ms): " + millis);
    }

    @Test
    void kubectlExecPassesStdin() throws Exception {
        Result r = kubectlWithInput("hello stdin\nsecond\n", "exec", "-i", "-n", NS, "web", "--", "sh", "-c",
                "cat; echo end");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("hello stdin\nsecond\nend\n");
    }

    @Test
    void kubectlPortForwardCarriesHttp() throws Exception {
        Process pf = new ProcessBuilder("kubectl", "--kubeconfig", cluster.kubeconfig().toString(), "port-forward",
                "-v=6", "-n", NS, "pod/web", ":8080")
                .redirectErrorStream(true).start();
        pf.getOutputStream().close();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(pf.getInputStream(), StandardCharsets.UTF_8));
            Pattern forwarding = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 8080");
            int port = -1;
            String line;
            StringBuilder seen = new StringBuilder();
            while (port < 0 && (line = out.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher m = forwarding.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as("kubectl said: %s", seen).isPositive();
            seen.toString().lines().filter(l -> l.matches("(?i).*(tunnel|websocket|fallback|spdy|upgrade).*"))
                    .forEach(l -> System.out.println("kubectl port-forward -v=6: " + l));
            for (int i = 0; i < 2; i++) {
                assertThat(httpGet(port)).isEqualTo("hello from web\n");
            }
        } finally {
            pf.destroy();
            if (!pf.waitFor(10, TimeUnit.SECONDS)) {
                pf.destroyForcibly();
            }
        }
    }

    @Test
    void kubectlAttachShowsTheContainersOutputUntilItExits() throws Exception {
        runPod("attachee", "main", 0, "sleep 4; echo attached output; sleep 1; echo bye");
        Result r = kubectl("attach", "-n", NS, "attachee");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("attached output\nbye\n");
    }

    @Test
    void kubectlCpCopiesAFileOut() throws Exception {
        Path target = dir.resolve("copied.html");
        Result r = kubectl("cp", NS + "/web:/www/index.html", target.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(Files.readString(target)).isEqualTo("hello from web\n");
    }

    // ---- fabric8

    @Test
    void fabric8ExecLogWatchAndPortForward() throws Exception {
        KubernetesClient client = cluster.client();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(NS).withName("web").writingOutput(out).writingError(err)
                .exec("sh", "-c", "echo fabric8; exit 2")) {
            assertThat(watch.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(2);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("fabric8\n");

        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        try (LogWatch watch = client.pods().inNamespace(NS).withName("web").watchLog(logs)) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    logs.toString(StandardCharsets.UTF_8).equals("started web\nsecond line\n"));
        }

        try (LocalPortForward pf = client.pods().inNamespace(NS).withName("web").portForward(8080)) {
            assertThat(httpGet(pf.getLocalPort())).isEqualTo("hello from web\n");
        }
    }

    // ---- helpers

    record Result(int exit, String stdout, String stderr) {}

    private static Result kubectl(String... args) throws IOException, InterruptedException {
        return kubectlWithInput(null, args);
    }

    private static Result kubectlWithInput(String stdin, String... args) throws IOException, InterruptedException {
        return kubectlWithEnv(Map.of(), stdin, args);
    }

    private static Result kubectlWithEnv(Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfig().toString()));
        cmd.addAll(List.of(args));
        Path errFile = Files.createTempFile(dir, "kubectl", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errFile.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl " + args[0] + " did not finish");
        }
        return new Result(p.exitValue(), out, Files.readString(errFile));
    }

    private static String httpGet(int port) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }
    }

    /** The pod object, bound to the node and reported Running, and its sandbox with one container. */
    private static void runPod(String name, String container, int attempt, String script) {
        Pod pod = apiPod(name, container);
        runContainer(pod, container, attempt, script);
    }

    private static Pod apiPod(String name, String container) {
        KubernetesClient client = cluster.client();
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withNodeName(NODE).addNewContainer().withName(container)
                .withImage(BUSYBOX).endContainer().endSpec().build()).create();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
        return client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private static String runContainer(Pod pod, String container, int attempt, String script) {
        String name = pod.getMetadata().getName();
        Map<String, String> podLabels = Map.of(CriStreamingRuntime.POD_NAME, name,
                CriStreamingRuntime.POD_NAMESPACE, NS, "io.kubernetes.pod.uid", pod.getMetadata().getUid());
        PodSandboxConfig sandbox = sandboxes.computeIfAbsent(name, n -> PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(n).setNamespace(NS)
                        .setUid(pod.getMetadata().getUid()))
                .setHostname(n)
                .putAllLabels(podLabels)
                .setLogDirectory(dir.resolve("pods").resolve(NS + "_" + n + "_" + pod.getMetadata().getUid())
                        .toString())
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        .setCgroupParent(cgroupParent)
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(namespaces())))
                .build());
        String sandboxId = sandboxIds.computeIfAbsent(name, n -> cri.runPodSandbox(sandbox));
        Map<String, String> labels = new java.util.HashMap<>(podLabels);
        labels.put(CriStreamingRuntime.CONTAINER_NAME, container);
        String id = cri.createContainer(sandboxId, ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(container).setAttempt(attempt))
                .setImage(ImageSpec.newBuilder().setImage(BUSYBOX))
                .addAllCommand(List.of("sh", "-c", script))
                .putAllLabels(labels)
                .putAnnotations(CriStreamingRuntime.RESTART_COUNT, Integer.toString(attempt))
                .setLogPath(container + "/" + attempt + ".log")
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                        LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(namespaces())))
                .build(), sandbox);
        cri.startContainer(id);
        return id;
    }

    private static NamespaceOption namespaces() {
        return NamespaceOption.newBuilder().setNetwork(NamespaceMode.POD).setPid(NamespaceMode.CONTAINER)
                .setIpc(NamespaceMode.POD).build();
    }
}
