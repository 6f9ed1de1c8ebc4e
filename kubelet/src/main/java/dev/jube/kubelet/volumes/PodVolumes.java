package dev.jube.kubelet.volumes;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.cri.v1.Mount;
import dev.jube.kubelet.pods.ContainerConfigException;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.Pod;
import dev.jube.api.Quantity;
import dev.jube.kubelet.pods.PodObjects;
import dev.jube.kubelet.model.Volume;
import dev.jube.kubelet.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The host side of a pod's volumes: each volume becomes a folder (or a host path) that the
 * containers bind-mount. Folders live under {@code PODS/UID/volumes/KIND/NAME}, as upstream's do.
 */
public final class PodVolumes {

    private final Path podsDir;
    private final ApiClient client;
    private final Projections projections;
    private final ServiceAccountTokens tokens;

    public PodVolumes(Path podsDir, ApiClient client, PodObjects objects, Map<String, Quantity> allocatable) {
        this.podsDir = podsDir;
        this.client = client;
        this.tokens = new ServiceAccountTokens(client);
        this.projections = new Projections(objects, tokens, allocatable);
    }

    /** Makes every volume of the pod ready on the host; returns each volume's host path by name. */
    public Map<String, Path> prepare(Pod pod) throws ContainerConfigException {
        Map<String, Path> out = new HashMap<>();
        List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        for (Volume v : volumes) {
            try {
                out.put(v.getName(), prepare(pod, v));
            } catch (ContainerConfigException e) {
                // Upstream's kubelet words a FailedMount this way; `kubectl describe` shows it as is.
                throw new ContainerConfigException("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : "
                        + e.getMessage());
            }
        }
        return out;
    }

    private Path prepare(Pod pod, Volume v) throws ContainerConfigException {
        try {
            if (v.getHostPath() != null) {
                return HostPathVolume.prepare(v.getHostPath());
            }
            if (v.getEmptyDir() != null) {
                Path dir = volumeDir(pod, "kubernetes.io~empty-dir", v.getName());
                Files.createDirectories(dir);
                if ("Memory".equals(v.getEmptyDir().getMedium())) {
                    Tmpfs.mount(dir, v.getEmptyDir().getSizeLimit());
                }
                return dir;
            }
            if (v.getConfigMap() != null) {
                var src = v.getConfigMap();
                return write(pod, "kubernetes.io~configmap", v.getName(), projections.configMap(pod, src.getName(),
                        src.getItems(), src.getDefaultMode(), src.getOptional(), Projections.DEFAULT_MODE));
            }
            if (v.getSecret() != null) {
                var src = v.getSecret();
                return write(pod, "kubernetes.io~secret", v.getName(), projections.secret(pod, src.getSecretName(),
                        src.getItems(), src.getDefaultMode(), src.getOptional(), Projections.DEFAULT_MODE));
            }
            if (v.getDownwardAPI() != null) {
                var src = v.getDownwardAPI();
                return write(pod, "kubernetes.io~downward-api", v.getName(), projections.downwardApi(pod,
                        src.getItems(), src.getDefaultMode() != null ? src.getDefaultMode() : Projections.DEFAULT_MODE));
            }
            if (v.getProjected() != null) {
                return write(pod, "kubernetes.io~projected", v.getName(), projections.projected(pod,
                        v.getProjected().getSources(), v.getProjected().getDefaultMode()));
            }
            if (v.getPersistentVolumeClaim() != null) {
                return ClaimVolume.hostPath(client, pod.getMetadata().getNamespace(),
                        v.getPersistentVolumeClaim().getClaimName());
            }
        } catch (IOException e) {
            throw new ContainerConfigException(e.getMessage());
        }
        throw new ContainerConfigException("this node does not support the volume's type");
    }

    private Path write(Pod pod, String kind, String name, Map<String, AtomicWriter.FileContent> files)
            throws IOException {
        Path dir = volumeDir(pod, kind, name);
        AtomicWriter.write(dir, files);
        return dir;
    }

    /** The bind mounts of one container, with subPath and readOnly applied. */
    public List<Mount> mounts(Container c, Map<String, Path> prepared) throws ContainerConfigException {
        List<Mount> out = new ArrayList<>();
        if (c.getVolumeMounts() == null) {
            return out;
        }
        for (VolumeMount m : c.getVolumeMounts()) {
            Path host = prepared.get(m.getName());
            if (host == null) {
                throw new ContainerConfigException("cannot find volume \"" + m.getName() + "\" to mount into container \""
                        + c.getName() + "\"");
            }
            if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
                host = subPath(host, m.getSubPath());
            }
            out.add(Mount.newBuilder().setContainerPath(m.getMountPath()).setHostPath(host.toString())
                    .setReadonly(Boolean.TRUE.equals(m.getReadOnly())).build());
        }
        return out;
    }

    private static Path subPath(Path volume, String sub) throws ContainerConfigException {
        Path p = volume.resolve(sub).normalize();
        if (!p.startsWith(volume)) {
            throw new ContainerConfigException("subPath \"" + sub + "\" must not reach outside its volume");
        }
        try {
            if (!Files.exists(p)) {
                Files.createDirectories(p);
            }
        } catch (IOException e) {
            throw new ContainerConfigException("subPath " + sub + ": " + e.getMessage());
        }
        return p;
    }

    Path volumeDir(Pod pod, String kind, String name) {
        return podDir(pod.getMetadata().getUid()).resolve("volumes").resolve(kind).resolve(name);
    }

    public Path podDir(String uid) {
        return podsDir.resolve(uid);
    }

    /** Removes what the pod's volumes left on the host; host paths and claims' volumes are never touched. */
    public void cleanup(String uid) {
        Path dir = podDir(uid);
        tokens.forget(uid);
        if (!Files.exists(dir)) {
            return;
        }
        Tmpfs.unmountUnder(dir);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the volumes of pod " + uid, e);
        }
    }
}
