package dev.jube.kubelet.node;

import dev.jube.kubelet.TestApi;
import dev.jube.kubelet.TestHost;
import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.images.BusyboxImage;
import dev.jube.kubelet.images.ImageImporter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

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
    private ApiClient api;

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
                    .withPodCidr(node.podCidr).withBridge(node.bridge).withKubeletPort(0);
            node.api = TestApi.client(client);
            node.agent = NodeAgent.start(node.api, config);
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
                NodeCleanup.removeSandboxes(cri());
            } catch (RuntimeException e) {
                // the runtime is already gone
            }
            agent.close();
        }
        if (api != null) {
            api.close();
        }
        NodeCleanup.deleteBridge(bridge);
        NodeCleanup.unmountUnder(dir);
        try {
            TestHost.deleteTree(dir);
        } catch (IOException e) {
            // a busy file stays; the folder is temporary anyway
        }
    }
}
