package dev.jube.kubelet.pods;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.api.ApiException;
import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.v1.Mount;
import dev.jube.kubelet.volumes.PodVolumes;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.PodStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every pod worker shares: the runtime, the API, and the node's settings. */
final class PodAgentContext {

    private static final Logger LOG = LoggerFactory.getLogger(PodAgentContext.class);

    private final ApiClient client;
    private final CriClient cri;
    private final SandboxConfigs sandboxes;
    private final PodVolumes volumes;
    private final ContainerEnv env;
    private final ImagePulls images;
    private final ContainerProbes probes;
    private final ContainerHooks hooks;
    private final RestartBackOff backOff;
    private final PodEvents events;
    private final String hostIp;
    private final long nodeMemoryBytes;

    PodAgentContext(ApiClient client, CriClient cri, SandboxConfigs sandboxes, PodVolumes volumes,
            ContainerEnv env, ImagePulls images, ContainerProbes probes, ContainerHooks hooks, RestartBackOff backOff,
            PodEvents events, String hostIp, long nodeMemoryBytes) {
        this.client = client;
        this.cri = cri;
        this.sandboxes = sandboxes;
        this.volumes = volumes;
        this.env = env;
        this.images = images;
        this.probes = probes;
        this.hooks = hooks;
        this.backOff = backOff;
        this.events = events;
        this.hostIp = hostIp;
        this.nodeMemoryBytes = nodeMemoryBytes;
    }

    CriClient cri() { return cri; }
    SandboxConfigs sandboxes() { return sandboxes; }
    PodVolumes volumes() { return volumes; }
    ContainerEnv env() { return env; }
    ImagePulls images() { return images; }
    ContainerProbes probes() { return probes; }
    ContainerHooks hooks() { return hooks; }
    RestartBackOff backOff() { return backOff; }
    PodEvents events() { return events; }
    String hostIp() { return hostIp; }
    long nodeMemoryBytes() { return nodeMemoryBytes; }

    /** Writes the status through pods/status; false when the write did not land (the next sync retries). */
    boolean reportStatus(Pod pod, PodStatus status) {
        try {
            Pod current = client.pods().get(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            if (current == null || !pod.getMetadata().getUid().equals(current.getMetadata().getUid())) {
                return false; // gone or replaced: its worker learns that from the informer
            }
            current.withStatus(status);
            client.pods().updateStatus(current);
            return true;
        } catch (ApiException e) {
            LOG.debug("status of pod {}/{} not written: {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getMessage());
            return false;
        }
    }

    /** The kubelet's last word on a deleted pod: its containers are gone, so the object may go too. */
    void finishDeletion(Pod pod) {
        try {
            client.pods().delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), 0L);
        } catch (ApiException e) {
            LOG.debug("final delete of pod {} failed: {}", pod.getMetadata().getName(), e.getMessage());
        }
    }

    /** The pod's own /etc/hosts, as upstream's kubelet writes it; the pod's IP is added once known. */
    void writeHosts(Pod pod, String podIp) {
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return;
        }
        StringBuilder s = new StringBuilder("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n"
                + "fe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n");
        if (podIp != null) {
            String host = pod.getSpec().getHostname() != null ? pod.getSpec().getHostname() : pod.getMetadata().getName();
            s.append(podIp).append('\t').append(host).append('\n');
        }
        if (pod.getSpec().getHostAliases() != null) {
            s.append("\n# Entries added by HostAliases.\n");
            pod.getSpec().getHostAliases().forEach(a -> s.append(a.getIp()).append('\t')
                    .append(String.join("\t", a.getHostnames())).append('\n'));
        }
        try {
            Path file = hostsFile(pod);
            Files.createDirectories(file.getParent());
            Files.writeString(file, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path hostsFile(Pod pod) {
        return volumes.podDir(pod.getMetadata().getUid()).resolve("etc-hosts");
    }

    /** Mounts every container gets besides its volumes: /etc/hosts and the termination message file. */
    List<Mount> podMounts(Pod pod, Container c) {
        List<Mount> out = new ArrayList<>();
        if (!Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            out.add(Mount.newBuilder().setContainerPath("/etc/hosts").setHostPath(hostsFile(pod).toString()).build());
        }
        String path = c.getTerminationMessagePath() == null ? "/dev/termination-log" : c.getTerminationMessagePath();
        try {
            Path file = volumes.podDir(pod.getMetadata().getUid()).resolve("containers").resolve(c.getName())
                    .resolve("termination-log");
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            out.add(Mount.newBuilder().setContainerPath(path).setHostPath(file.toString()).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
