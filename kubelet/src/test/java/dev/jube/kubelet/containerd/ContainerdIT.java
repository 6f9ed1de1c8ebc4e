package dev.jube.kubelet.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jube.kubelet.TestHost;
import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.node.NodeCleanup;
import dev.jube.kubelet.cri.v1.ContainerConfig;
import dev.jube.kubelet.cri.v1.ContainerMetadata;
import dev.jube.kubelet.cri.v1.ContainerState;
import dev.jube.kubelet.cri.v1.ContainerStatus;
import dev.jube.kubelet.cri.v1.ExecRequest;
import dev.jube.kubelet.cri.v1.ImageSpec;
import dev.jube.kubelet.cri.v1.LinuxContainerConfig;
import dev.jube.kubelet.cri.v1.LinuxContainerResources;
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
import dev.jube.kubelet.network.Ipv4Cidr;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real containerd run by {@link Containerd} in a temporary folder, with its own CNI bridge and
 * podCIDR, and images built from the host's busybox: sandboxes get pod IPs, containers serve HTTP to
 * the host, exec, log in CRI format and get OOM-killed over their memory limit.
 */
class ContainerdIT {

    private static final String BUSYBOX = "jube.dev/busybox-it:1.35";
    private static final String PAUSE = "jube.dev/pause-it:3.10";

    private static Path dir;
    private static String bridge;
    private static String podCidr;
    private static String cgroupParent;
    private static Containerd containerd;
    private static CriClient cri;

    @BeforeAll
    static void startContainerd() throws Exception {
        dir = Files.createTempDirectory("jube-cri");
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        bridge = "jubeit" + suffix;
        podCidr = TestHost.freePodCidr();
        cgroupParent = "/jube-it-" + suffix;
        ContainerdBinaries binaries = ContainerdBinaries.find();
        ContainerdConfig config = ContainerdConfig.forDir(dir.resolve("containerd"), binaries.runc())
                .withPauseImage(PAUSE);
        // No routes: pods in tests reach only the host and each other, never beyond the bridge.
        CniConfig.forPodCidr(podCidr).withBridge(bridge).withRoutes(List.of())
                .withIpamDataDir(dir.resolve("cni-ipam")).write(config.cniConfDir());

        containerd = Containerd.start(config, binaries);
        cri = containerd.cri();
        System.out.printf("containerd start to CRI ready: %d ms%n", containerd.readyMillis());

        long t0 = System.nanoTime();
        Path busybox = BusyboxImage.findStaticBusybox();
        ImageImporter importer = ImageImporter.forSocket(containerd.socket());
        Path images = Files.createDirectories(dir.resolve("images"));
        BusyboxImage.pause(busybox, PAUSE).writeTo(images.resolve("pause.tar"));
        BusyboxImage.busybox(busybox, BUSYBOX).writeTo(images.resolve("busybox.tar"));
        long t1 = System.nanoTime();
        List<Path> imported = importer.importFolder(images);
        long t2 = System.nanoTime();
        System.out.printf("image build (pause and busybox): %d ms, import: %d ms%n", (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000);
        assertThat(imported).hasSize(2);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (cri != null && containerd.pid().isPresent()) {
                for (PodSandbox s : cri.listPodSandboxes()) {
                    if (s.getMetadata().getNamespace().equals("jube-it")) {
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

    @Test
    void importedImagesAreKnownToCri() {
        assertThat(cri.imageStatus(BUSYBOX)).isNotNull();
        assertThat(cri.imageStatus(PAUSE)).isNotNull();
        assertThat(cri.imageStatus("jube.dev/absent:0")).isNull();
        assertThat(cri.version().getRuntimeName()).isEqualTo("containerd");
    }

    @Test
    void httpdPodServesItsPageToTheHostByPodIp() throws Exception {
        long t0 = System.nanoTime();
        PodSandboxConfig sandbox = sandboxConfig("web");
        String sandboxId = cri.runPodSandbox(sandbox);
        try {
            String id = cri.createContainer(sandboxId, container("httpd", List.of("sh", "-c",
                    "mkdir -p /www && echo hello from jube > /www/index.html && exec httpd -f -p 8080 -h /www"))
                    .build(), sandbox);
            cri.startContainer(id);
            System.out.printf("sandbox+container start: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            String ip = cri.podSandboxIp(sandboxId);
            assertThat(Ipv4Cidr.parse(podCidr).contains(ip)).as("pod IP %s in %s", ip, podCidr).isTrue();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("hello from jube\n");
            });
            assertThat(cri.containerStatus(id).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        } finally {
            TestHost.removeSandbox(cri, sandboxId);
        }
        assertThat(cri.listPodSandboxes()).extracting(PodSandbox::getId).doesNotContain(sandboxId);
        assertThat(cri.listContainers()).extracting(c -> c.getPodSandboxId()).doesNotContain(sandboxId);
    }

    @Test
    void execSyncReturnsOutputAndExitCode() {
        PodSandboxConfig sandbox = sandboxConfig("exec");
        String sandboxId = cri.runPodSandbox(sandbox);
        try {
            String id = cri.createContainer(sandboxId, container("sleeper", List.of("sleep", "3600")).build(),
                    sandbox);
            cri.startContainer(id);
            CriClient.ExecResult ok = cri.execSync(id, List.of("sh", "-c", "echo out; echo err >&2"),
                    Duration.ofSeconds(10));
            assertThat(ok.exitCode()).isZero();
            assertThat(ok.stdoutText()).isEqualTo("out\n");
            assertThat(ok.stderrText()).isEqualTo("err\n");
            CriClient.ExecResult three = cri.execSync(id, List.of("sh", "-c", "exit 3"), Duration.ofSeconds(10));
            assertThat(three.exitCode()).isEqualTo(3);
            // Interactive exec and port-forward go through the runtime's streaming server on loopback.
            String execUrl = cri.exec(ExecRequest.newBuilder().setContainerId(id).addCmd("sh").setStdin(true)
                    .setStdout(true).build());
            assertThat(execUrl).matches("http://127\\.0\\.0\\.1:\\d+/exec/.+");
            assertThat(cri.portForward(sandboxId, List.of(8080))).matches("http://127\\.0\\.0\\.1:\\d+/portforward/.+");
        } finally {
            TestHost.removeSandbox(cri, sandboxId);
        }
    }

    @Test
    void containerOutputLandsInTheCriLogFile() throws Exception {
        PodSandboxConfig sandbox = sandboxConfig("logs");
        String sandboxId = cri.runPodSandbox(sandbox);
        try {
            String id = cri.createContainer(sandboxId, container("talker",
                    List.of("sh", "-c", "echo first line; echo to stderr >&2; echo last line")).build(), sandbox);
            cri.startContainer(id);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    cri.containerStatus(id).getState() == ContainerState.CONTAINER_EXITED);
            ContainerStatus status = cri.containerStatus(id);
            assertThat(status.getExitCode()).isZero();
            assertThat(status.getReason()).isEqualTo("Completed");
            Path log = Path.of(status.getLogPath());
            assertThat(log).isEqualTo(Path.of(sandbox.getLogDirectory(), "talker", "0.log"));
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            // CRI log format: RFC 3339 nano time, stream, P(artial)/F(ull) tag, the line.
            assertThat(lines).hasSize(3);
            assertThat(lines).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ (stdout|stderr) F .*"));
            assertThat(lines).anyMatch(l -> l.endsWith(" stdout F first line"));
            assertThat(lines).anyMatch(l -> l.endsWith(" stderr F to stderr"));
            assertThat(lines).anyMatch(l -> l.endsWith(" stdout F last line"));
        } finally {
            TestHost.removeSandbox(cri, sandboxId);
        }
    }

    @Test
    void containerOverItsMemoryLimitIsOomKilled() {
        PodSandboxConfig sandbox = sandboxConfig("oom");
        String sandboxId = cri.runPodSandbox(sandbox);
        try {
            long limit = 16L * 1024 * 1024;
            ContainerConfig.Builder c = container("hog", List.of("dd", "if=/dev/zero", "of=/dev/null", "bs=64M",
                    "count=4"));
            c.getLinuxBuilder().setResources(LinuxContainerResources.newBuilder()
                    .setMemoryLimitInBytes(limit).setMemorySwapLimitInBytes(limit).setCpuShares(2));
            String id = cri.createContainer(sandboxId, c.build(), sandbox);
            cri.startContainer(id);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    cri.containerStatus(id).getState() == ContainerState.CONTAINER_EXITED);
            ContainerStatus status = cri.containerStatus(id);
            assertThat(status.getReason()).isEqualTo("OOMKilled");
            assertThat(status.getExitCode()).isEqualTo(137);
            assertThat(status.getFinishedAt()).isGreaterThanOrEqualTo(status.getStartedAt());
        } finally {
            TestHost.removeSandbox(cri, sandboxId);
        }
    }

    @Test
    void aBrokenArchiveFailsWithCtrsMessage() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.tar"), "this is not a tar archive");
        assertThatThrownBy(() -> ImageImporter.forSocket(containerd.socket()).importArchive(junk))
                .isInstanceOf(ImageImporter.ImageImportException.class)
                .hasMessageContaining("importing " + junk + " failed (ctr exit code 1)");
        assertThatThrownBy(() -> ImageImporter.forSocket(containerd.socket()).importArchive(dir.resolve("absent.tar")))
                .isInstanceOf(ImageImporter.ImageImportException.class).hasMessageContaining("no image archive");
    }

    @Test
    void anExistingSocketIsUsedWithoutStartingAnything() {
        try (Containerd external = Containerd.external(containerd.socket())) {
            assertThat(external.managed()).isFalse();
            assertThat(external.pid()).isEmpty();
            assertThat(external.version().getRuntimeName()).isEqualTo("containerd");
            assertThat(external.cri().imageStatus(PAUSE)).isNotNull();
        }
        // Closing the external view leaves the managed daemon running.
        assertThat(cri.version().getRuntimeApiVersion()).isEqualTo("v1");
    }

    @Test
    void containerdKilledIsRestartedAndAnswersAgain() throws Exception {
        long pid = containerd.pid().orElseThrow();
        int before = containerd.restarts();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(60)).until(() -> containerd.restarts() > before);
        assertThat(containerd.pid()).isPresent();
        assertThat(containerd.pid().getAsLong()).isNotEqualTo(pid);
        assertThat(cri.version().getRuntimeName()).isEqualTo("containerd");
        assertThat(cri.imageStatus(BUSYBOX)).isNotNull();
    }

    // ---- helpers

    private static PodSandboxConfig sandboxConfig(String name) {
        String uid = UUID.randomUUID().toString();
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("jube-it").setUid(uid))
                .setHostname(name)
                .setLogDirectory(dir.resolve("pods").resolve("jube-it_" + name + "_" + uid).toString())
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        // Absolute: a relative parent would nest under this JVM's own cgroup.
                        .setCgroupParent(cgroupParent)
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                .setNamespaceOptions(namespaces())))
                .build();
    }

    private static NamespaceOption namespaces() {
        return NamespaceOption.newBuilder().setNetwork(NamespaceMode.POD).setPid(NamespaceMode.CONTAINER)
                .setIpc(NamespaceMode.POD).build();
    }

    private static ContainerConfig.Builder container(String name, List<String> command) {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage(BUSYBOX))
                .addAllCommand(command)
                .setLogPath(name + "/0.log")
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                                .setNamespaceOptions(namespaces())));
    }
}
