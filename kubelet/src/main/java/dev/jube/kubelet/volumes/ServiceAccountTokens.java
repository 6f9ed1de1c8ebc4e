package dev.jube.kubelet.volumes;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.api.ApiException;
import dev.jube.kubelet.model.BoundObjectReference;
import dev.jube.kubelet.pods.ContainerConfigException;
import dev.jube.kubelet.model.Pod;
import dev.jube.kubelet.model.TokenRequest;
import dev.jube.kubelet.model.TokenRequestSpec;
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

    private final ApiClient client;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ServiceAccountTokens(ApiClient client) {
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
        TokenRequest request = new TokenRequest().withApiVersion("authentication.k8s.io/v1").withKind("TokenRequest")
                .withSpec(new TokenRequestSpec()
                        .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
                        .withExpirationSeconds(ttl)
                        .withBoundObjectRef(new BoundObjectReference().withApiVersion("v1").withKind("Pod")
                                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())));
        try {
            TokenRequest issued = client.serviceAccounts().createIn(pod.getMetadata().getNamespace(), sa, "token",
                    request, TokenRequest::new);
            String token = issued.getStatus().getToken();
            cache.put(key, new Cached(token, Instant.now().plusSeconds(ttl * 8 / 10)));
            return token;
        } catch (ApiException e) {
            throw new ContainerConfigException("failed to fetch token: " + e.getMessage());
        }
    }

    void forget(String podUid) {
        cache.keySet().removeIf(k -> k.startsWith(podUid + "/"));
    }
}
