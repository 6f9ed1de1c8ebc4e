package dev.jube.kubelet.volumes;

import dev.jube.kubelet.pods.ContainerConfigException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bound service account tokens for projected volumes, from the TokenRequest API; a token is
 * refreshed once 80% of its life has passed, as upstream's token manager does.
 */
final class ServiceAccountTokens {

    private record Cached(String token, Instant refreshAt) {}

    private final KubernetesClient client;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ServiceAccountTokens(KubernetesClient client) {
        this.client = client;
    }

    String token(Pod pod, String audience, Long expirationSeconds) throws ContainerConfigException {
        String sa = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
        String key = pod.getMetadata().getUid() + "/" + sa + "/" + audience + "/" + expirationSeconds;
        Cached c = cache.get(key);
        if (c != null && Instant.now().isBefore(c.refreshAt())) {
            return c.token();
        }
        long ttl = expirationSeconds == null ? 3600 : expirationSeconds;
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
                .withExpirationSeconds(ttl)
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).endBoundObjectRef()
                .endSpec().build();
        try {
            TokenRequest issued = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(sa)
                    .tokenRequest(request);
            String token = issued.getStatus().getToken();
            cache.put(key, new Cached(token, Instant.now().plusSeconds(ttl * 8 / 10)));
            return token;
        } catch (KubernetesClientException e) {
            String why = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage();
            throw new ContainerConfigException("failed to fetch token: " + why);
        }
    }

    void forget(String podUid) {
        cache.keySet().removeIf(k -> k.startsWith(podUid + "/"));
    }
}
