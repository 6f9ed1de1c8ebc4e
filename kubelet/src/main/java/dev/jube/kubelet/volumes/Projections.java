package dev.jube.kubelet.volumes;

import dev.jube.kubelet.pods.ContainerConfigException;
import dev.jube.kubelet.pods.DownwardApi;
import dev.jube.kubelet.pods.PodObjects;
import dev.jube.kubelet.volumes.AtomicWriter.FileContent;
import dev.jube.kubelet.model.ConfigMap;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.DownwardAPIVolumeFile;
import dev.jube.kubelet.model.KeyToPath;
import dev.jube.kubelet.model.Pod;
import dev.jube.api.Quantity;
import dev.jube.kubelet.model.Secret;
import dev.jube.kubelet.model.ServiceAccountTokenProjection;
import dev.jube.kubelet.model.VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files of configMap, secret, downwardAPI and projected volumes, as upstream lays them out. */
final class Projections {

    static final int DEFAULT_MODE = 0644;

    private final PodObjects objects;
    private final ServiceAccountTokens tokens;
    private final Map<String, Quantity> allocatable;

    Projections(PodObjects objects, ServiceAccountTokens tokens, Map<String, Quantity> allocatable) {
        this.objects = objects;
        this.tokens = tokens;
        this.allocatable = allocatable;
    }

    Map<String, FileContent> configMap(Pod pod, String name, List<KeyToPath> items, Integer mode, Boolean optional,
            int defaultMode) throws ContainerConfigException {
        ConfigMap cm = objects.configMap(pod.getMetadata().getNamespace(), name);
        if (cm == null) {
            if (Boolean.TRUE.equals(optional)) {
                return Map.of();
            }
            throw new ContainerConfigException("configmap \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (cm.getData() != null) {
            cm.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        return keys(data, items, mode != null ? mode : defaultMode, optional, "configmap", name);
    }

    Map<String, FileContent> secret(Pod pod, String name, List<KeyToPath> items, Integer mode, Boolean optional,
            int defaultMode) throws ContainerConfigException {
        Secret s = objects.secret(pod.getMetadata().getNamespace(), name);
        if (s == null) {
            if (Boolean.TRUE.equals(optional)) {
                return Map.of();
            }
            throw new ContainerConfigException("secret \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (s.getStringData() != null) {
            s.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return keys(data, items, mode != null ? mode : defaultMode, optional, "secret", name);
    }

    /** Every key as a file of its name, or only the listed items at their paths. */
    private static Map<String, FileContent> keys(Map<String, byte[]> data, List<KeyToPath> items, int mode,
            Boolean optional, String kind, String name) throws ContainerConfigException {
        Map<String, FileContent> out = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach((k, v) -> out.put(k, new FileContent(v, mode)));
            return out;
        }
        for (KeyToPath item : items) {
            byte[] v = data.get(item.getKey());
            if (v == null) {
                if (Boolean.TRUE.equals(optional)) {
                    continue;
                }
                throw new ContainerConfigException("configmap".equals(kind)
                        ? "configmap references non-existent config key: " + item.getKey()
                        : "references non-existent secret key: " + item.getKey());
            }
            out.put(item.getPath(), new FileContent(v, item.getMode() != null ? item.getMode() : mode));
        }
        return out;
    }

    Map<String, FileContent> downwardApi(Pod pod, List<DownwardAPIVolumeFile> items, int mode)
            throws ContainerConfigException {
        Map<String, FileContent> out = new LinkedHashMap<>();
        if (items == null) {
            return out;
        }
        for (DownwardAPIVolumeFile f : items) {
            String value;
            if (f.getFieldRef() != null) {
                value = DownwardApi.field(pod, f.getFieldRef().getFieldPath());
            } else if (f.getResourceFieldRef() != null) {
                Container c = pod.getSpec().getContainers().stream()
                        .filter(x -> x.getName().equals(f.getResourceFieldRef().getContainerName())).findFirst()
                        .orElseThrow(() -> new ContainerConfigException("container "
                                + f.getResourceFieldRef().getContainerName() + " not found for the downward API"));
                value = DownwardApi.resource(c, f.getResourceFieldRef().getResource(),
                        f.getResourceFieldRef().getDivisor(), allocatable);
            } else {
                continue;
            }
            out.put(f.getPath(), new FileContent(value.getBytes(StandardCharsets.UTF_8),
                    f.getMode() != null ? f.getMode() : mode));
        }
        return out;
    }

    Map<String, FileContent> projected(Pod pod, List<VolumeProjection> sources, Integer defaultMode)
            throws ContainerConfigException {
        int mode = defaultMode != null ? defaultMode : DEFAULT_MODE;
        Map<String, FileContent> out = new LinkedHashMap<>();
        for (VolumeProjection p : sources == null ? List.<VolumeProjection>of() : sources) {
            if (p.getConfigMap() != null) {
                out.putAll(configMap(pod, p.getConfigMap().getName(), p.getConfigMap().getItems(), null,
                        p.getConfigMap().getOptional(), mode));
            } else if (p.getSecret() != null) {
                out.putAll(secret(pod, p.getSecret().getName(), p.getSecret().getItems(), null,
                        p.getSecret().getOptional(), mode));
            } else if (p.getDownwardAPI() != null) {
                out.putAll(downwardApi(pod, p.getDownwardAPI().getItems(), mode));
            } else if (p.getServiceAccountToken() != null) {
                ServiceAccountTokenProjection t = p.getServiceAccountToken();
                out.put(t.getPath(), new FileContent(tokens.token(pod, t.getAudience(), t.getExpirationSeconds())
                        .getBytes(StandardCharsets.UTF_8), defaultMode != null ? defaultMode : 0600));
            }
        }
        return out;
    }
}
