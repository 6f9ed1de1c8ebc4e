package dev.jube.kubelet.pods;

import dev.jube.kubelet.cri.v1.DNSConfig;
import dev.jube.kubelet.cri.v1.Int64Value;
import dev.jube.kubelet.cri.v1.LinuxPodSandboxConfig;
import dev.jube.kubelet.cri.v1.LinuxSandboxSecurityContext;
import dev.jube.kubelet.cri.v1.NamespaceMode;
import dev.jube.kubelet.cri.v1.NamespaceOption;
import dev.jube.kubelet.cri.v1.PodSandboxConfig;
import dev.jube.kubelet.cri.v1.PodSandboxMetadata;
import dev.jube.kubelet.cri.v1.PortMapping;
import dev.jube.kubelet.cri.v1.Protocol;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.ContainerPort;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.PodSecurityContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The CRI sandbox of a pod: its network, hostname, log folder, cgroup and DNS. */
final class SandboxConfigs {

    private final Path logRoot;
    private final DnsSettings dns;

    SandboxConfigs(Path logRoot, DnsSettings dns) {
        this.logRoot = logRoot;
        this.dns = dns;
    }

    /** The folder of the pod's container logs, named as upstream's /var/log/pods/NS_NAME_UID. */
    Path logDirectory(Pod pod) {
        return logRoot.resolve(pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName() + "_"
                + pod.getMetadata().getUid());
    }

    PodSandboxConfig build(Pod pod, int attempt) {
        var meta = pod.getMetadata();
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        PodSandboxConfig.Builder b = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(meta.getName()).setNamespace(meta.getNamespace())
                        .setUid(meta.getUid()).setAttempt(attempt))
                .setHostname(hostname(pod, hostNetwork))
                .setLogDirectory(logDirectory(pod).toString())
                .setDnsConfig(dnsConfig(pod))
                .putLabels(CriLabels.POD_NAME, meta.getName())
                .putLabels(CriLabels.POD_NAMESPACE, meta.getNamespace())
                .putLabels(CriLabels.POD_UID, meta.getUid())
                .putLabels(CriLabels.MANAGED_BY, "true");
        if (meta.getLabels() != null) {
            meta.getLabels().forEach(b::putLabels);
        }
        if (meta.getAnnotations() != null) {
            meta.getAnnotations().forEach(b::putAnnotations);
        }
        for (Container c : pod.getSpec().getContainers()) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    b.addPortMappings(PortMapping.newBuilder().setContainerPort(p.getContainerPort())
                            .setHostPort(p.getHostPort()).setHostIp(p.getHostIP() == null ? "" : p.getHostIP())
                            .setProtocol(protocol(p.getProtocol())));
                }
            }
        }
        LinuxSandboxSecurityContext.Builder sc = LinuxSandboxSecurityContext.newBuilder()
                .setNamespaceOptions(namespaces(pod));
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        if (psc != null) {
            if (psc.getRunAsUser() != null) {
                sc.setRunAsUser(Int64Value.newBuilder().setValue(psc.getRunAsUser()));
            }
            if (psc.getRunAsGroup() != null) {
                sc.setRunAsGroup(Int64Value.newBuilder().setValue(psc.getRunAsGroup()));
            }
            if (psc.getSupplementalGroups() != null) {
                sc.addAllSupplementalGroups(psc.getSupplementalGroups());
            }
        }
        LinuxPodSandboxConfig.Builder linux = LinuxPodSandboxConfig.newBuilder()
                .setCgroupParent(Cgroups.podParent(pod))
                .setSecurityContext(sc);
        if (psc != null && psc.getSysctls() != null) {
            psc.getSysctls().forEach(s -> linux.putSysctls(s.getName(), s.getValue()));
        }
        return b.setLinux(linux).build();
    }

    static NamespaceOption namespaces(Pod pod) {
        return NamespaceOption.newBuilder()
                .setNetwork(Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) ? NamespaceMode.NODE : NamespaceMode.POD)
                .setPid(Boolean.TRUE.equals(pod.getSpec().getHostPID()) ? NamespaceMode.NODE
                        : Boolean.TRUE.equals(pod.getSpec().getShareProcessNamespace()) ? NamespaceMode.POD
                        : NamespaceMode.CONTAINER)
                .setIpc(Boolean.TRUE.equals(pod.getSpec().getHostIPC()) ? NamespaceMode.NODE : NamespaceMode.POD)
                .build();
    }

    private String hostname(Pod pod, boolean hostNetwork) {
        if (hostNetwork) {
            return dns.nodeHostname();
        }
        String h = pod.getSpec().getHostname();
        String name = h != null && !h.isEmpty() ? h : pod.getMetadata().getName();
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private DNSConfig dnsConfig(Pod pod) {
        DnsSettings.Resolved r = dns.resolve(pod);
        return DNSConfig.newBuilder().addAllServers(r.servers()).addAllSearches(r.searches())
                .addAllOptions(r.options()).build();
    }

    private static Protocol protocol(String p) {
        return switch (p == null ? "TCP" : p) {
            case "UDP" -> Protocol.UDP;
            case "SCTP" -> Protocol.SCTP;
            default -> Protocol.TCP;
        };
    }

    static Map<String, String> podLabels(Pod pod) {
        return Map.of(CriLabels.POD_NAME, pod.getMetadata().getName(),
                CriLabels.POD_NAMESPACE, pod.getMetadata().getNamespace(),
                CriLabels.POD_UID, pod.getMetadata().getUid());
    }
}
