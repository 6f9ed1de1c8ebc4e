package dev.jube.kubelet.pods;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.volumes.PodVolumes;
import dev.jube.api.Quantity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Puts a pod manager together from the node's settings. */
public final class PodManagers {

    /** How long a ConfigMap or Secret read for a pod serves other pods (see PodObjects). */
    static final Duration OBJECT_TTL = Duration.ofSeconds(5);

    private PodManagers() {}

    /** The node's folders and sizes the pod workers need. */
    public record Settings(String nodeName, String hostIp, Path podsDir, Path logsDir, DnsSettings dns,
            Map<String, Quantity> allocatable, long memoryBytes, Duration resync) {}

    public static PodManager start(ApiClient client, CriClient cri, Settings s, PodEvents events,
            ContainerProbes probes, ContainerHooks hooks) {
        PodObjects objects = PodObjects.of(client, OBJECT_TTL);
        PodAgentContext ctx = new PodAgentContext(client, cri, new SandboxConfigs(s.logsDir(), s.dns()),
                new PodVolumes(s.podsDir(), client, objects, s.allocatable()), new ContainerEnv(objects, s.allocatable()),
                new ImagePulls(cri, objects, RestartBackOff.defaults()), probes, hooks, RestartBackOff.defaults(),
                events, s.hostIp(), s.memoryBytes());
        PodManager m = new PodManager(client, s.nodeName(), ctx, s.resync());
        m.start();
        return m;
    }
}
