package dev.jube.kubelet.pods;

import dev.jube.kubelet.cri.CriClient;
import dev.jube.kubelet.cri.CriException;
import dev.jube.kubelet.cri.v1.AuthConfig;
import dev.jube.kubelet.cri.v1.Image;
import dev.jube.kubelet.cri.v1.PodSandboxConfig;
import dev.jube.kubelet.model.Json;
import dev.jube.kubelet.model.Container;
import dev.jube.kubelet.model.LocalObjectReference;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.Secret;
import java.util.Map;
import java.util.Base64;
import java.util.List;

/** Makes a container's image present as its pull policy says, with upstream's waiting reasons. */
final class ImagePulls {

    /** The image could not be made present; {@code reason} is what the container's waiting state shows. */
    static final class PullFailed extends Exception {
        final String reason;

        PullFailed(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }


    private final CriClient cri;
    private final PodObjects objects;
    private final RestartBackOff backOff;

    ImagePulls(CriClient cri, PodObjects objects, RestartBackOff backOff) {
        this.cri = cri;
        this.objects = objects;
        this.backOff = backOff;
    }

    /** The image as the runtime has it, pulled first when the policy asks. */
    Image ensure(Pod pod, Container c, PodSandboxConfig sandbox) throws PullFailed {
        String image = c.getImage();
        if (image == null || image.isBlank()) {
            throw new PullFailed("InvalidImageName", "Failed to apply default image tag \"\": couldn't parse image name");
        }
        String policy = c.getImagePullPolicy() != null ? c.getImagePullPolicy() : defaultPolicy(image);
        Image present = cri.imageStatus(image);
        if (present != null && !"Always".equals(policy)) {
            return present;
        }
        if ("Never".equals(policy)) {
            throw new PullFailed("ErrImageNeverPull", "Container image \"" + image
                    + "\" is not present with pull policy of Never");
        }
        String key = pod.getMetadata().getUid() + "/" + c.getName() + "/pull";
        if (backOff.inBackOff(key)) {
            throw new PullFailed("ImagePullBackOff", "Back-off pulling image \"" + image + "\"");
        }
        try {
            cri.pullImage(image, auth(pod, image), sandbox);
            backOff.forget(key);
            Image pulled = cri.imageStatus(image);
            if (pulled == null) {
                throw new PullFailed("ErrImagePull", "image \"" + image + "\" is missing after its pull");
            }
            return pulled;
        } catch (CriException e) {
            backOff.restarted(key);
            throw new PullFailed("ErrImagePull", "failed to pull and unpack image \"" + image + "\": " + e.getMessage());
        }
    }

    /** Upstream's default: Always for :latest or no tag, IfNotPresent otherwise. */
    static String defaultPolicy(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.endsWith(":latest") ? "Always" : "IfNotPresent";
    }

    /** Credentials from the pod's imagePullSecrets (kubernetes.io/dockerconfigjson) for the image's registry. */
    AuthConfig auth(Pod pod, String image) {
        List<LocalObjectReference> refs = pod.getSpec().getImagePullSecrets();
        if (refs == null) {
            return null;
        }
        String registry = registry(image);
        for (LocalObjectReference ref : refs) {
            Secret s = objects.secret(pod.getMetadata().getNamespace(), ref.getName());
            if (s == null || s.getData() == null) {
                continue;
            }
            String raw = s.getData().get(".dockerconfigjson");
            if (raw == null) {
                continue;
            }
            if (!(Json.parseObject(Base64.getDecoder().decode(raw)).get("auths") instanceof Map<?, ?> auths)) {
                continue;
            }
            for (var e : auths.entrySet()) {
                String host = e.getKey().toString().replaceFirst("^https?://", "").replaceFirst("/.*$", "");
                if (!host.equals(registry)) {
                    continue;
                }
                if (!(e.getValue() instanceof Map<?, ?> a)) {
                    continue;
                }
                AuthConfig.Builder b = AuthConfig.newBuilder().setServerAddress(host);
                if (a.get("auth") != null) {
                    String[] up = new String(Base64.getDecoder().decode(a.get("auth").toString())).split(":", 2);
                    b.setUsername(up[0]).setPassword(up.length > 1 ? up[1] : "");
                }
                if (a.get("username") != null) {
                    b.setUsername(a.get("username").toString());
                }
                if (a.get("password") != null) {
                    b.setPassword(a.get("password").toString());
                }
                return b.build();
            }
        }
        return null;
    }

    /** The registry host of an image reference, docker.io when the name has none. */
    static String registry(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || "localhost".equals(first) ? first : "docker.io";
    }
}
