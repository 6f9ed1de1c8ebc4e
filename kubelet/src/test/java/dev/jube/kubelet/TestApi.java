package dev.jube.kubelet;

import dev.jube.kubelet.api.ApiClient;
import dev.jube.kubelet.api.ApiEndpoint;
import dev.jube.kubelet.api.Pem;
import dev.jube.kubelet.model.Json;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/** The agent's own API client for a test cluster, and fabric8 objects (which tests build) as the agent's views. */
public final class TestApi {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private TestApi() {}

    /** An agent client with the same server and credentials as a test's fabric8 client. */
    public static ApiClient client(KubernetesClient fabric8) {
        Config c = fabric8.getConfiguration();
        URI url = URI.create(c.getMasterUrl());
        try {
            X509Certificate ca = Pem.certificate(Base64.getDecoder().decode(c.getCaCertData()));
            return new ApiClient(c.getClientCertData() != null
                    ? ApiEndpoint.withClientCertificate(url, ca, Base64.getDecoder().decode(c.getClientCertData()),
                            Base64.getDecoder().decode(c.getClientKeyData()))
                    : ApiEndpoint.withToken(url, ca, c.getOauthToken()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fabric8 object as the agent's view of the same JSON, e.g. {@code view(pod, Pod::new)}. */
    public static <T> T view(Object fabric8Object, Function<Map<String, Object>, T> view) {
        return view.apply(Json.parseObject(JSON.asJson(fabric8Object)));
    }
}
