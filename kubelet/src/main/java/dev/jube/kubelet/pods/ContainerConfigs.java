package dev.jube.kubelet.pods;

import dev.jube.kubelet.cri.v1.Capability;
import dev.jube.kubelet.cri.v1.ContainerConfig;
import dev.jube.kubelet.cri.v1.ContainerMetadata;
import dev.jube.kubelet.cri.v1.ImageSpec;
import dev.jube.kubelet.cri.v1.Int64Value;
import dev.jube.kubelet.cri.v1.KeyValue;
import dev.jube.kubelet.cri.v1.LinuxContainerConfig;
import dev.jube.kubelet.cri.v1.LinuxContainerResources;
import dev.jube.kubelet.cri.v1.LinuxContainerSecurityContext;
import dev.jube.kubelet.cri.v1.Mount;
import dev.jube.kubelet.model.Capabilities;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.PodSecurityContext;
import dev.jube.api.Quantity;
import dev.jube.kubelet.model.ResourceRequirements;
import dev.jube.kubelet.model.SecurityContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Turns a pod's container into the CRI's container config: command, env, mounts, cgroup limits, security. */
final class ContainerConfigs {

    static final long CPU_PERIOD = 100_000;

    private ContainerConfigs() {}

    /** The user an image runs as, for the runAsNonRoot check: a uid, a name, or null when unknown. */
    record ImageUser(Long uid, String name) {}

    static ContainerConfig build(Pod pod, Container c, int attempt, Map<String, String> env, List<Mount> mounts,
            ImageUser imageUser, long nodeMemoryBytes) throws ContainerConfigException {
        ContainerConfig.Builder b = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(c.getName()).setAttempt(attempt))
                .setImage(ImageSpec.newBuilder().setImage(c.getImage()))
                .addAllCommand(VarExpansion.expandAll(c.getCommand(), env::get))
                .addAllArgs(VarExpansion.expandAll(c.getArgs(), env::get))
                .setWorkingDir(c.getWorkingDir() == null ? "" : c.getWorkingDir())
                .addAllMounts(mounts)
                .setLogPath(c.getName() + "/" + attempt + ".log")
                .setStdin(Boolean.TRUE.equals(c.getStdin()))
                .setStdinOnce(Boolean.TRUE.equals(c.getStdinOnce()))
                .setTty(Boolean.TRUE.equals(c.getTty()))
                .putAllLabels(SandboxConfigs.podLabels(pod))
                .putLabels(CriLabels.CONTAINER_NAME, c.getName())
                .putLabels(CriLabels.MANAGED_BY, "true")
                .putAnnotations(CriLabels.RESTART_COUNT, Integer.toString(attempt));
        env.forEach((k, v) -> b.addEnvs(KeyValue.newBuilder().setKey(k).setValue(v)));
        b.setLinux(LinuxContainerConfig.newBuilder()
                .setResources(resources(pod, c, nodeMemoryBytes))
                .setSecurityContext(security(pod, c, imageUser)));
        return b.build();
    }

    static LinuxContainerResources resources(Pod pod, Container c, long nodeMemoryBytes) {
        ResourceRequirements r = c.getResources();
        Map<String, Quantity> req = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> lim = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        LinuxContainerResources.Builder b = LinuxContainerResources.newBuilder();
        Quantity cpuRequest = req.getOrDefault("cpu", lim.get("cpu"));
        long shares = cpuRequest == null ? 2 : Math.max(2, millis(cpuRequest) * 1024 / 1000);
        b.setCpuShares(shares);
        Quantity cpuLimit = lim.get("cpu");
        if (cpuLimit != null) {
            b.setCpuPeriod(CPU_PERIOD).setCpuQuota(Math.max(1000, millis(cpuLimit) * CPU_PERIOD / 1000));
        }
        Quantity memLimit = lim.get("memory");
        if (memLimit != null) {
            b.setMemoryLimitInBytes(memLimit.amount().longValue());
        }
        Quantity memRequest = req.getOrDefault("memory", memLimit);
        b.setOomScoreAdj(oomScoreAdj(QosClass.of(pod), memRequest, nodeMemoryBytes));
        return b.build();
    }

    /**
     * Upstream's OOM score policy, clamped at 0: hosts without CAP_SYS_RESOURCE refuse negative
     * values, and the runtime then cannot start the container at all.
     */
    static long oomScoreAdj(String qos, Quantity memRequest, long nodeMemoryBytes) {
        return switch (qos) {
            case "Guaranteed" -> 0;
            case "BestEffort" -> 1000;
            default -> {
                long request = memRequest == null ? 0 : memRequest.amount().longValue();
                long score = nodeMemoryBytes <= 0 ? 999 : 1000 - 1000 * request / nodeMemoryBytes;
                yield Math.max(2, Math.min(999, score));
            }
        };
    }

    private static long millis(Quantity q) {
        return q.amount().multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.CEILING)
                .longValue();
    }

    private static LinuxContainerSecurityContext security(Pod pod, Container c, ImageUser imageUser)
            throws ContainerConfigException {
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        SecurityContext sc = c.getSecurityContext();
        LinuxContainerSecurityContext.Builder b = LinuxContainerSecurityContext.newBuilder()
                .setNamespaceOptions(SandboxConfigs.namespaces(pod));
        Long runAsUser = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser()
                : psc != null ? psc.getRunAsUser() : null;
        Long runAsGroup = sc != null && sc.getRunAsGroup() != null ? sc.getRunAsGroup()
                : psc != null ? psc.getRunAsGroup() : null;
        Boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot()
                : psc != null ? psc.getRunAsNonRoot() : null;
        if (Boolean.TRUE.equals(nonRoot)) {
            verifyNonRoot(pod, c, runAsUser, imageUser);
        }
        if (runAsUser != null) {
            b.setRunAsUser(Int64Value.newBuilder().setValue(runAsUser));
        }
        if (runAsGroup != null) {
            b.setRunAsGroup(Int64Value.newBuilder().setValue(runAsGroup));
        }
        if (psc != null && psc.getSupplementalGroups() != null) {
            b.addAllSupplementalGroups(psc.getSupplementalGroups());
        }
        if (psc != null && psc.getFsGroup() != null) {
            b.addSupplementalGroups(psc.getFsGroup());
        }
        if (sc != null) {
            boolean privileged = Boolean.TRUE.equals(sc.getPrivileged());
            b.setPrivileged(privileged);
            b.setReadonlyRootfs(Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()));
            Capabilities caps = sc.getCapabilities();
            if (caps != null) {
                b.setCapabilities(Capability.newBuilder()
                        .addAllAddCapabilities(caps.getAdd() == null ? List.of() : caps.getAdd())
                        .addAllDropCapabilities(caps.getDrop() == null ? List.of() : caps.getDrop()));
            }
            if (Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()) && !privileged) {
                b.setNoNewPrivs(true);
            }
        }
        return b.build();
    }

    /** Upstream's runAsNonRoot checks, with its messages. */
    private static void verifyNonRoot(Pod pod, Container c, Long runAsUser, ImageUser imageUser)
            throws ContainerConfigException {
        String who = "(pod: \"" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                + pod.getMetadata().getUid() + ")\", container: " + c.getName() + ")";
        if (runAsUser != null) {
            if (runAsUser == 0) {
                throw new ContainerConfigException("container's runAsUser breaks non-root policy " + who);
            }
            return;
        }
        if (imageUser.uid() != null) {
            if (imageUser.uid() == 0) {
                throw new ContainerConfigException("container has runAsNonRoot and image will run as root " + who);
            }
            return;
        }
        if (imageUser.name() != null && !imageUser.name().isEmpty()) {
            throw new ContainerConfigException("container has runAsNonRoot and image has non-numeric user ("
                    + imageUser.name() + "), cannot verify user is non-root " + who);
        }
        throw new ContainerConfigException("container has runAsNonRoot and image will run as root " + who);
    }
}
