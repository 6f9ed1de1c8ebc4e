package dev.jube.cli;

import dev.jube.kubelet.network.CniConfig;
import dev.jube.kubelet.node.NodeAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How a node agent runs (in `jube server` and `jube agent`): with containerd of its own (default) or an existing runtime. */
final class AgentOptions {

    @Option(names = "--container-runtime-endpoint", paramLabel = "SOCKET",
            description = "Use this containerd CRI socket instead of starting containerd.")
    Path runtimeEndpoint;

    @Option(names = "--no-install", description = "Never install missing host packages; stop and name them instead.")
    boolean noInstall;

    @Option(names = "--node-name", description = "The node's name (default: the host name).")
    String nodeName;

    @Option(names = "--node-ip", description = "The address other hosts reach this node at (default: 127.0.0.1).")
    String nodeIp = "127.0.0.1";

    @Option(names = "--pod-cidr", description = "This node's pod network when the controllers do not assign one.")
    String podCidr;

    @Option(names = "--bridge", description = "The pod network's bridge (default: ${DEFAULT-VALUE}); "
            + "each agent on one host needs its own.")
    String bridge = CniConfig.DEFAULT_BRIDGE;

    @Option(names = "--kubelet-port", description = "The node agent's HTTPS port for logs, exec and port-forward "
            + "(default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int kubeletPort = 10250;

    NodeAgent.Config config(Path dataDir) {
        String name = nodeName;
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the host name; pass --node-name", e);
            }
        }
        return NodeAgent.Config.defaults(name, nodeIp, dataDir.resolve("agent"))
                .withCriSocket(runtimeEndpoint).withMayInstall(!noInstall).withPodCidr(podCidr).withBridge(bridge)
                .withKubeletPort(kubeletPort);
    }
}
