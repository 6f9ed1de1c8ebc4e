package dev.jube.kubelet.pods;

import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.volumes.PodVolumes;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Puts a pod manager together from the node's settings. */
public final class PodManagers {

    private PodManagers() {}

    public static PodManager start(KubernetesClient client, CriClient cri, String nodeName, String hostIp,
            Path podsDir, Path logsDir, DnsSettings dns, Map<String, Quantity> allocatable, long memoryBytes,
            Duration resync) {
        return start(client, cri, nodeName, hostIp, podsDir, logsDir, dns, allocatable, memoryBytes, resync,
                ContainerProbes.none(), ContainerHooks.none());
    }

    public static PodManager start(KubernetesClient client, CriClient cri, String nodeName, String hostIp,
            Path podsDir, Path logsDir, DnsSettings dns, Map<String, Quantity> allocatable, long memoryBytes,
            Duration resync, ContainerProbes probes, ContainerHooks hooks) {
        PodObjects objects = PodObjects.of(client);
        PodAgentContext ctx = new PodAgentContext(client, cri, new SandboxConfigs(logsDir, dns), new PodVolumes(podsDir),
                new ContainerEnv(objects, allocatable), new ImagePulls(cri, objects, RestartBackOff.defaults()), probes,
                hooks, RestartBackOff.defaults(), new PodEvents(client, nodeName), hostIp, memoryBytes);
        PodManager m = new PodManager(client, nodeName, ctx, resync);
        m.start();
        return m;
    }
}
