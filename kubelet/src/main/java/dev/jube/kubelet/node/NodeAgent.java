package dev.jube.kubelet.node;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.containerd.Containerd;
import dev.jube.kubelet.containerd.ContainerdBinaries;
import dev.jube.kubelet.containerd.ContainerdConfig;
import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.host.HostPackages;
import dev.jube.kubelet.images.BusyboxImage;
import dev.jube.kubelet.images.ImageImporter;
import dev.jube.kubelet.network.CniConfig;
import dev.jube.kubelet.pods.DnsSettings;
import dev.jube.kubelet.pods.PodManager;
import dev.jube.kubelet.pods.PodEvents;
import dev.jube.kubelet.pods.PodManagers;
import dev.jube.kubelet.probes.LifecycleHooks;
import dev.jube.kubelet.probes.Probes;
import dev.jube.kubelet.server.CriStreamingRuntime;
import dev.jube.kubelet.server.KubeletCertificates;
import dev.jube.kubelet.server.KubeletServer;
import dev.jube.kubelet.model.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: starts (or connects to) containerd, registers the Node, wires the pod network
 * once the control plane gives the node a pod CIDR, and runs the pods bound to it, including the
 * static pods whose manifests sit in {@code AGENT/manifests}.
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    public static final String KUBELET_VERSION = "v1.32.0-jube";

    /**
     * @param agentDir       the agent's folder: containerd's state, pod volumes and logs, images to import
     * @param criSocket      an existing runtime's socket, or null to run containerd ourselves
     * @param podCidr        this node's pod CIDR when no controller hands one out, else null
     * @param bridge         the CNI bridge's name
     * @param cniConfDir     where an existing runtime reads CNI configuration (ignored when we run containerd)
     */
    public record Config(String nodeName, String nodeIp, Path agentDir, Path criSocket, boolean mayInstall,
            String podCidr, String bridge, Path cniConfDir, List<String> clusterDns, String clusterDomain,
            int kubeletPort, Duration resync, Map<String, String> labels) {

        public static Config defaults(String nodeName, String nodeIp, Path agentDir) {
            return new Config(nodeName, nodeIp, agentDir, null, true, null, CniConfig.DEFAULT_BRIDGE,
                    Path.of("/etc/cni/net.d"), List.of(), "cluster.local", 10250, Duration.ofSeconds(1), Map.of());
        }

        public Config withCriSocket(Path socket) {
            return new Config(nodeName, nodeIp, agentDir, socket, mayInstall, podCidr, bridge, cniConfDir, clusterDns,
                    clusterDomain, kubeletPort, resync, labels);
        }

        public Config withPodCidr(String cidr) {
            return new Config(nodeName, nodeIp, agentDir, criSocket, mayInstall, cidr, bridge, cniConfDir, clusterDns,
                    clusterDomain, kubeletPort, resync, labels);
        }

        public Config withBridge(String name) {
            return new Config(nodeName, nodeIp, agentDir, criSocket, mayInstall, podCidr, name, cniConfDir, clusterDns,
                    clusterDomain, kubeletPort, resync, labels);
        }

        public Config withMayInstall(boolean may) {
            return new Config(nodeName, nodeIp, agentDir, criSocket, may, podCidr, bridge, cniConfDir, clusterDns,
                    clusterDomain, kubeletPort, resync, labels);
        }

        public Config withKubeletPort(int port) {
            return new Config(nodeName, nodeIp, agentDir, criSocket, mayInstall, podCidr, bridge, cniConfDir,
                    clusterDns, clusterDomain, port, resync, labels);
        }
    }

    private final Config config;
    private final Containerd containerd;
    private final NodeStatusReporter reporter;
    private final PodManager pods;
    private final Thread network;
    private final StaticPods staticPods;
    private final KubeletServer server;

    private NodeAgent(Config config, Containerd containerd, NodeStatusReporter reporter, PodManager pods,
            Thread network, StaticPods staticPods, KubeletServer server) {
        this.staticPods = staticPods;
        this.server = server;
        this.config = config;
        this.containerd = containerd;
        this.reporter = reporter;
        this.pods = pods;
        this.network = network;
    }

    public static NodeAgent start(ApiClient client, Config config) {
        Containerd containerd = null;
        try {
            Files.createDirectories(config.agentDir());
            Path cniConfDir;
            if (config.criSocket() == null) {
                new HostPackages().ensure(config.mayInstall());
                ContainerdBinaries binaries = ContainerdBinaries.find();
                ContainerdConfig cc = ContainerdConfig.forDir(config.agentDir().resolve("containerd"), binaries.runc());
                containerd = Containerd.start(cc, binaries);
                cniConfDir = cc.cniConfDir();
                importImages(containerd, cc.pauseImage(), config.agentDir().resolve("images"));
            } else {
                containerd = Containerd.external(config.criSocket());
                cniConfDir = config.cniConfDir();
            }
            CriClient cri = containerd.cri();
            String runtime = containerd.version().getRuntimeName() + "://" + containerd.version().getRuntimeVersion();
            NodeFacts facts = NodeFacts.read(config.agentDir(), runtime, KUBELET_VERSION, 110);
            DnsSettings dns = new DnsSettings(config.clusterDns(), config.clusterDomain(), Path.of("/etc/resolv.conf"),
                    config.nodeName());
            KubeletServer server = KubeletServer.start(config.nodeIp(), config.kubeletPort(),
                    KubeletCertificates.load(config.agentDir().resolve("pki"), config.nodeName(), config.nodeIp(),
                            client.endpoint().ca()), new CriStreamingRuntime(cri));
            NodeStatusReporter reporter = new NodeStatusReporter(client, config.withKubeletPort(server.port()), facts,
                    cri);
            reporter.register();
            reporter.startHeartbeats(Duration.ofSeconds(10), Duration.ofMinutes(1));
            Thread network = Thread.ofVirtual().name("pod-network").start(
                    () -> wireNetwork(client, config, cniConfDir, reporter));
            PodEvents events = new PodEvents(client, config.nodeName());
            AtomicReference<PodManager> manager = new AtomicReference<>();
            Probes probes = new Probes(cri, events, uid -> {
                PodManager m = manager.get();
                if (m != null) {
                    m.podChanged(uid);
                }
            });
            PodManager pods = PodManagers.start(client, cri, new PodManagers.Settings(config.nodeName(),
                    config.nodeIp(), config.agentDir().resolve("pods"), config.agentDir().resolve("logs"), dns,
                    facts.allocatable(), facts.memoryBytes(), config.resync()), events, probes,
                    new LifecycleHooks(probes, events));
            manager.set(pods);
            StaticPods staticPods = new StaticPods(client, config.nodeName(), config.agentDir().resolve("manifests"),
                    Duration.ofSeconds(2));
            LOG.info("node {} is up with {}", config.nodeName(), runtime);
            return new NodeAgent(config, containerd, reporter, pods, network, staticPods, server);
        } catch (IOException e) {
            if (containerd != null) {
                containerd.close();
            }
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (containerd != null) {
                containerd.close();
            }
            throw new IllegalStateException("interrupted while starting the node agent", e);
        } catch (RuntimeException e) {
            if (containerd != null) {
                containerd.close();
            }
            throw e;
        }
    }

    /** The pause image (built from busybox when absent) and every archive dropped into the images folder. */
    private static void importImages(Containerd containerd, String pauseImage, Path imagesDir) throws IOException {
        ImageImporter importer = ImageImporter.forSocket(containerd.socket());
        if (Files.isDirectory(imagesDir)) {
            try (Stream<Path> s = Files.list(imagesDir)) {
                for (Path tar : s.filter(p -> p.toString().endsWith(".tar")).sorted().toList()) {
                    LOG.info("importing {}", tar.getFileName());
                    importer.importArchive(tar);
                }
            }
        }
        if (containerd.cri().imageStatus(pauseImage) == null) {
            importer.importImage(BusyboxImage.pause(BusyboxImage.findStaticBusybox(), pauseImage));
        }
    }

    /** Waits for the node's pod CIDR, then gives the runtime its CNI configuration. */
    private static void wireNetwork(ApiClient client, Config config, Path cniConfDir,
            NodeStatusReporter reporter) {
        while (true) {
            try {
                Node node = client.nodes().get(null, config.nodeName());
                String cidr = node == null ? null : node.getSpec().getPodCIDR();
                if (cidr != null && !cidr.isEmpty()) {
                    CniConfig.forPodCidr(cidr).withBridge(config.bridge())
                            .withIpamDataDir(config.agentDir().resolve("cni/networks")).write(cniConfDir);
                    LOG.info("pod network {} on bridge {}", cidr, config.bridge());
                    Thread.sleep(1500);
                    reporter.postStatus();
                    return;
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("waiting for the pod CIDR: {}", e.toString());
            }
        }
    }

    /** Stops running pods' workers (the containers keep running); close does this too. */
    public void stopPodWorkers() {
        staticPods.close();
        pods.close();
    }

    public Containerd containerd() {
        return containerd;
    }

    public Config config() {
        return config;
    }

    @Override
    public void close() {
        staticPods.close();
        network.interrupt();
        pods.close();
        reporter.close();
        server.close();
        containerd.close();
    }
}
