package dev.jube.kubelet.node;

import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.v1.PodSandbox;
import dev.jube.kubelet.cri.v1.PodSandboxFilter;
import dev.jube.kubelet.images.BusyboxImage;
import dev.jube.kubelet.images.ImageImporter;
import dev.jube.kubelet.pods.CriLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real node agent for tests: its own containerd, a bridge and pod CIDR no other test uses, and
 * the busybox test image imported. Closing it removes every sandbox, the bridge, the mounts and
 * the folder, whatever state the test left.
 */
public final class RealNode implements AutoCloseable {

    public static final String BUSYBOX = BusyboxImage.DEFAULT_BUSYBOX_IMAGE;

    private final Path dir;
    private final String bridge;
    private final String podCidr;
    private NodeAgent agent;

    private RealNode(Path dir, String bridge, String podCidr) {
        this.dir = dir;
        this.bridge = bridge;
        this.podCidr = podCidr;
    }

    public static RealNode start(KubernetesClient client, String nodeName) throws IOException {
        int n = ThreadLocalRandom.current().nextInt(100, 250);
        Path dir = Files.createTempDirectory("jube-node-");
        RealNode node = new RealNode(dir, "jt" + n + Long.toHexString(System.nanoTime() & 0xfff), "10.244." + n + ".0/24");
        try {
            NodeAgent.Config config = NodeAgent.Config.defaults(nodeName, "127.0.0.1", dir.resolve("agent"))
                    .withPodCidr(node.podCidr).withBridge(node.bridge);
            node.agent = NodeAgent.start(client, config);
            ImageImporter.forSocket(node.agent.containerd().socket())
                    .importImage(BusyboxImage.busybox(BusyboxImage.findStaticBusybox(), BUSYBOX));
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    public NodeAgent agent() {
        return agent;
    }

    public CriClient cri() {
        return agent.containerd().cri();
    }

    public String podCidr() {
        return podCidr;
    }

    public Path manifestsDir() {
        return dir.resolve("agent").resolve("manifests");
    }

    public Path logsDir() {
        return dir.resolve("agent").resolve("logs");
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.stopPodWorkers();
            try {
                CriClient cri = cri();
                for (PodSandbox sb : cri.listPodSandboxes(PodSandboxFilter.newBuilder()
                        .putLabelSelector(CriLabels.MANAGED_BY, "true").build())) {
                    try {
                        cri.stopPodSandbox(sb.getId());
                        cri.removePodSandbox(sb.getId());
                    } catch (RuntimeException e) {
                        // keep cleaning the rest
                    }
                    removePodCgroups(sb.getLabelsMap().get(CriLabels.POD_UID));
                }
            } catch (RuntimeException e) {
                // the runtime is already gone
            }
            agent.close();
        }
        run("ip", "link", "del", bridge);
        unmountUnder(dir);
        deleteTree(dir);
    }

    /** The pod's cgroup folders in every hierarchy, whatever its QoS tier. */
    private static void removePodCgroups(String uid) {
        if (uid == null) {
            return;
        }
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                for (String tier : List.of("", "burstable/", "besteffort/")) {
                    Path dir = h.resolve("kubepods/" + tier + "pod" + uid);
                    if (Files.isDirectory(dir)) {
                        try (Stream<Path> walk = Files.walk(dir)) {
                            for (Path p : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                                Files.deleteIfExists(p);
                            }
                        } catch (IOException e) {
                            // still busy: nothing more a test can do
                        }
                    }
                }
            }
        } catch (IOException e) {
            // no cgroup file system
        }
    }

    private static void unmountUnder(Path dir) {
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].startsWith(dir.toString())) {
                    mounts.add(f[4]);
                }
            }
        } catch (IOException e) {
            return;
        }
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        for (String m : mounts) {
            run("umount", "-l", m);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a busy file stays; the folder is temporary anyway
                }
            }
        } catch (IOException e) {
            // nothing left to delete
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // the tool is missing: nothing of ours to clean with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
