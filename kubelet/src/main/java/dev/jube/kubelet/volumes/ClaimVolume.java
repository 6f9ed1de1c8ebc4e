package dev.jube.kubelet.volumes;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.pods.ContainerConfigException;
import dev.jube.kubelet.model.PersistentVolume;
import dev.jube.kubelet.model.PersistentVolumeClaim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** persistentVolumeClaim volumes backed by hostPath or local persistent volumes on this node. */
final class ClaimVolume {

    private ClaimVolume() {}

    static Path hostPath(ApiClient client, String namespace, String claim)
            throws ContainerConfigException, IOException {
        PersistentVolumeClaim pvc = client.persistentVolumeClaims().get(namespace, claim);
        if (pvc == null) {
            throw new ContainerConfigException("persistentvolumeclaim \"" + claim + "\" not found");
        }
        String volume = pvc.getSpec().getVolumeName();
        if (volume == null || volume.isEmpty()) {
            throw new ContainerConfigException("persistentvolumeclaim \"" + claim + "\" is not bound");
        }
        PersistentVolume pv = client.persistentVolumes().get(null, volume);
        if (pv == null) {
            throw new ContainerConfigException("persistentvolume \"" + volume + "\" not found");
        }
        if (pv.getSpec().getHostPath() != null) {
            Path p = Path.of(pv.getSpec().getHostPath().getPath());
            Files.createDirectories(p);
            return p;
        }
        if (pv.getSpec().getLocal() != null) {
            return Path.of(pv.getSpec().getLocal().getPath());
        }
        throw new ContainerConfigException("persistentvolume \"" + volume
                + "\" has a source this node cannot mount (hostPath and local are supported)");
    }
}
